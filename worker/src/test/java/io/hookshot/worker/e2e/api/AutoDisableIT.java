package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.EventId;
import io.hookshot.producer.Event;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.EndpointHealthConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.fanout.EndpointPresence;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Disabled endpoints: one failing past {@code HOOKSHOT_DISABLE_AFTER} is disabled with the reason, the messages its
 * breaker held end dead with {@code endpoint_disabled}, and enabling it and recovering delivers them; one disabled by
 * hand lets go of its held messages the same way.
 */
@ExtendWith(RealServers.class)
class AutoDisableIT {
    private static final int MESSAGES = 5;
    private static final Duration STALE = EndpointPresence.MAX_AGE.plusMillis(300);
    /** A breaker that opens at the second failure and holds; retries that would take long to run out. */
    private static final Map<String, String> HOLDING = Map.of(
            EndpointHealthConfig.BREAKER_FAILURES, "2",
            EndpointHealthConfig.BREAKER_MAX_HOLD, "1m",
            WorkerConfig.RETRY_SCHEDULE, "200ms,200ms,200ms,200ms,200ms,200ms");

    static EndpointId register(ApiFixture api, String url) {
        Response created = api.post("/v1/tenants/acme/endpoints", "{\"url\": \"" + url + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new EndpointId(created.json().get("id").asText());
    }

    static List<String> publish(ApiFixture api, EndpointId endpoint, int count) {
        // The catalogue is shared by every queue in PostgreSQL: a type of this test's queue alone is new, so its
        // registration writes this queue's mirror.
        String type = "t." + api.queue.queue;
        Response registered = api.post("/v1/event-types", "{\"name\": \"" + type + "\"}");
        assertThat(registered.status()).as(registered.text()).isEqualTo(201);
        List<Event> events = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> Event.builder(type)
                        .tenant("acme")
                        .payload("{\"n\":" + i + "}")
                        .build())
                .toList();
        List<EventId> published = api.queue.producer.publishAll(events);
        return published.stream().map(e -> e.messageIdFor(endpoint).value()).toList();
    }

    private static String endpointPath(EndpointId id) {
        return "/v1/tenants/acme/endpoints/" + id;
    }

    private static void awaitDeadLetters(ApiFixture api, List<String> ids) {
        await().atMost(Duration.ofSeconds(40))
                .until(() -> ids.stream()
                        .allMatch(id -> api.queue.history.findDeadLetter(id).isPresent()));
    }

    @Test
    void anEndpointFailingPastDisableAfterIsDisabledItsHeldMessagesDieAndRecoverDeliversThem(TestServers servers) {
        AtomicBoolean up = new AtomicBoolean(false);
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = TestReceiver.scripted((r, earlier) -> Answer.status(up.get() ? 200 : 503))) {
            EndpointId flaky = register(api, receiver.url("/flaky"));
            Map<String, String> env = new java.util.HashMap<>(HOLDING);
            env.put(EndpointHealthConfig.DISABLE_AFTER, "2s");
            Worker worker = Worker.start(api.queue.config(env));
            try {
                List<String> ids = publish(api, flaky, MESSAGES);
                awaitDeadLetters(api, ids);

                assertThat(ids).allSatisfy(id -> {
                    assertThat(api.queue.history.findDeadLetter(id))
                            .hasValueSatisfying(d -> assertThat(d.reason()).startsWith("endpoint_disabled: endpoint "));
                    List<AttemptView> attempts = api.queue.history.attempts(id);
                    assertThat(attempts.getLast().errorClass()).isEqualTo("endpoint_disabled");
                    assertThat(attempts.getLast().statusCode()).isNull();
                });
                assertThat(receiver.received().size())
                        .as("two failures opened the breaker; the rest were held, then not sent")
                        .isLessThan(MESSAGES + 2);
                Response endpoint = api.get(endpointPath(flaky));
                assertThat(endpoint.json().get("disabled").asBoolean()).isTrue();
                assertThat(endpoint.json().get("disabledReason").asText())
                        .startsWith("failing since ")
                        .contains("HTTP 503");

                up.set(true);
                Response enabled = api.patch(endpointPath(flaky), "{\"disabled\": false}");
                assertThat(enabled.status()).as(enabled.text()).isEqualTo(200);
                // A worker may go on seeing the endpoint disabled for up to a second (EndpointPresence): a message
                // recovered meanwhile dies again, and the next recover replays it.
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            api.post(endpointPath(flaky) + "/recover?since=1h", null);
                            return receiver.delivered().containsAll(ids);
                        });
                api.queue.awaitFinal(ids, Duration.ofSeconds(20));
                assertThat(ids)
                        .allSatisfy(id -> assertThat(api.queue.message(id))
                                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED)));
            } finally {
                worker.close();
            }
            assertThat(api.queue.inspect().violations()).isEmpty();
        }
    }

    @Test
    void disablingByHandReleasesTheHeldMessagesAsDeadLettersAndNoneIsSent(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = TestReceiver.answering(Answer.status(503))) {
            EndpointId held = register(api, receiver.url("/held"));
            Map<String, String> env = new java.util.HashMap<>(HOLDING);
            env.put(EndpointHealthConfig.DISABLE_AFTER, "0");
            Worker worker = Worker.start(api.queue.config(env));
            try {
                List<String> ids = publish(api, held, MESSAGES);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> "open"
                                .equals(api.queue.endpointHealthOf(held.value()).get("s")));
                int sent = receiver.received().size();
                // The worker's last look at the registry (before its last request) must be older than the second it
                // keeps an answer (EndpointPresence.MAX_AGE), or it could send once more on that answer. The first
                // probe is due 5 s after the breaker opened.
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.received()
                                .getLast()
                                .at()
                                .isBefore(Instant.now().minus(STALE)));

                Response disabled =
                        api.patch(endpointPath(held), "{\"disabled\": true, \"disabledReason\": \"maintenance\"}");
                assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
                awaitDeadLetters(api, ids);

                assertThat(ids)
                        .allSatisfy(id -> assertThat(api.queue.history.findDeadLetter(id))
                                .hasValueSatisfying(d -> assertThat(d.reason()).startsWith("endpoint_disabled")));
                assertThat(receiver.received())
                        .as("nothing sent after the disable")
                        .hasSize(sent);
                assertThat(api.queue.endpointHealthOf(held.value()))
                        .as("the breaker let go")
                        .doesNotContainKeys("s", "o")
                        .containsEntry("d", "1");
                assertThat(api.get(endpointPath(held))
                                .json()
                                .get("disabledReason")
                                .asText())
                        .isEqualTo("maintenance");
            } finally {
                worker.close();
            }
            assertThat(api.queue.inspect().violations()).isEmpty();
        }
    }
}
