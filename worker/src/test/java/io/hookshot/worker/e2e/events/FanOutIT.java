package io.hookshot.worker.e2e.events;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.signing.WebhookVerificationException;
import io.hookshot.common.signing.WebhookVerifier;
import io.hookshot.producer.Event;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.EventHistory;
import io.hookshot.worker.store.EventMessageView;
import io.hookshot.worker.store.EventView;
import io.hookshot.worker.store.MessageStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Events published with the producer, fanned out by a real worker to the tenant's endpoints that accept them (type,
 * channels, enabled), each message signed with its endpoint's own secret and checked by a real receiver; the history
 * records each event with its count and each message with its event.
 */
@ExtendWith(RealServers.class)
class FanOutIT {
    private WorkerFixture fixture;
    private EndpointsMirror mirror;
    private TestReceiver receiver;
    private Worker worker;
    /** Path of each endpoint's URL to the verifier of its secret. */
    private final Map<String, WebhookVerifier> verifiers = new ConcurrentHashMap<>();

    private final Queue<String> refused = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
        mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue);
        mirror.activeTypes("invoice.paid", "invoice.created", "other.type");
        receiver = TestReceiver.scripted((request, earlier) -> Answer.status(verified(request) ? 200 : 401));
        worker = Worker.start(fixture.config(Map.of()));
    }

    @AfterEach
    void stop() {
        worker.close();
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        mirror.close();
        fixture.close();
    }

    private boolean verified(TestReceiver.Receipt request) {
        WebhookVerifier verifier = verifiers.get(request.path());
        if (verifier == null) {
            refused.add(request.path() + ": no endpoint there");
            return false;
        }
        try {
            verifier.verify(request.headers(), request.body().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (WebhookVerificationException e) {
            refused.add(request.path() + ": " + e.getMessage());
            return false;
        }
    }

    /** An endpoint at its own path of the receiver, signing with a secret of its own that the receiver checks. */
    private MirroredEndpoint at(String tenant, String path, Set<String> types, Set<String> channels) {
        String secret = newSecret();
        verifiers.put(path, WebhookVerifier.of(secret));
        return endpoint(tenant, receiver.url(path), types, channels, secret);
    }

    private EventId publish(String type, String... channels) {
        return fixture.producer.publish(Event.builder(type)
                .tenant("acme")
                .payload("{\"type\":\"" + type + "\"}")
                .channels(channels)
                .build());
    }

    private static String messageOf(EventId event, MirroredEndpoint endpoint) {
        return event.messageIdFor(endpoint.id()).value();
    }

    @Test
    void eachEventGoesToTheEnabledEndpointsThatAcceptItSignedWithTheirOwnSecrets() {
        MirroredEndpoint paid = at("acme", "/paid", Set.of("invoice.paid"), Set.of());
        MirroredEndpoint eu = at("acme", "/eu", Set.of(), Set.of("eu"));
        MirroredEndpoint created = at("acme", "/created", Set.of("invoice.created"), Set.of());
        MirroredEndpoint off = EndpointsMirror.disabled(at("acme", "/off", Set.of(), Set.of()));
        MirroredEndpoint foreign = at("globex", "/globex", Set.of(), Set.of());
        mirror.put(paid, eu, created, off, foreign);

        EventId plain = publish("invoice.paid");
        EventId onEu = publish("invoice.paid", "us", "eu");
        EventId creation = publish("invoice.created");
        EventId unmatched = publish("other.type", "us");

        List<String> expected = List.of(
                messageOf(plain, paid), messageOf(onEu, paid), messageOf(onEu, eu), messageOf(creation, created));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(receiver.delivered()).containsExactlyInAnyOrderElementsOf(expected));
        assertThat(refused)
                .as("every request verified with its endpoint's secret")
                .isEmpty();
        assertThat(receiver.received())
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.path()).isNotIn("/off", "/globex"));
        assertThat(receiver.receivedFor(messageOf(onEu, eu)).getFirst().body())
                .isEqualTo("{\"type\":\"invoice.paid\"}");

        EventHistory history = new EventHistory(fixture.database, fixture.queue);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(history.find(unmatched.value()))
                    .map(EventView::endpoints)
                    .contains(0);
            assertThat(history.find(onEu.value())).map(EventView::endpoints).contains(2);
            assertThat(history.messages(onEu.value()))
                    .extracting(EventMessageView::status)
                    .containsOnly(MessageStatus.DELIVERED)
                    .hasSize(2);
        });
        EventView event = history.find(onEu.value()).orElseThrow();
        assertThat(event.tenant()).isEqualTo("acme");
        assertThat(event.eventType()).isEqualTo("invoice.paid");
        assertThat(event.channels()).containsExactly("us", "eu");
        assertThat(event.payload()).isEqualTo("{\"type\":\"invoice.paid\"}");
        assertThat(history.messages(onEu.value()))
                .extracting(EventMessageView::endpointId, EventMessageView::messageId)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(paid.id().value(), messageOf(onEu, paid)),
                        Tuple.tuple(eu.id().value(), messageOf(onEu, eu)));
        assertThat(history.find(plain.value())).map(EventView::endpoints).contains(1);
        assertThat(history.find(creation.value())).map(EventView::endpoints).contains(1);
    }

    @Test
    void aRegistryChangeCountsForTheNextEventPublished() {
        MirroredEndpoint first = at("acme", "/first", Set.of(), Set.of());
        mirror.put(first);
        EventId before = publish("invoice.paid");
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().contains(messageOf(before, first)));

        MirroredEndpoint second = at("acme", "/second", Set.of(), Set.of());
        mirror.put(second);
        mirror.delete(first);
        EventId after = publish("invoice.paid");

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.delivered().contains(messageOf(after, second)));
        assertThat(receiver.receivedFor(messageOf(after, first)))
                .as("deleted before the event")
                .isEmpty();
        assertThat(receiver.receivedFor(messageOf(before, second)))
                .as("added after the event")
                .isEmpty();
    }
}
