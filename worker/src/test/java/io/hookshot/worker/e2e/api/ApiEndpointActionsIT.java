package io.hookshot.worker.e2e.api;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.signing.WebhookVerifier;
import io.hookshot.producer.Event;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The routes about one endpoint: an example event to it alone, recovery of its dead letters, its figures. */
@ExtendWith(RealServers.class)
class ApiEndpointActionsIT {
    private static String path(MirroredEndpoint e, String action) {
        return "/v1/tenants/" + e.tenant() + "/endpoints/" + e.id() + "/" + action;
    }

    @Test
    void testSendsAnExampleEventToThatEndpointAloneSignedWithItsSecret(TestServers servers) throws Exception {
        try (ApiFixture api = new ApiFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            String secret = newSecret();
            MirroredEndpoint target = endpoint("acme", receiver.url("/target"), Set.of("other.type"), Set.of(), secret);
            MirroredEndpoint bystander = endpoint("acme", receiver.url("/bystander"), Set.of(), Set.of(), newSecret());
            MirroredEndpoint off =
                    EndpointsMirror.disabled(endpoint("acme", receiver.url("/off"), Set.of(), Set.of(), newSecret()));
            mirror.put(target, bystander, off);
            Worker worker = Worker.start(api.queue.config(Map.of()));
            try {
                Response sent = api.post(path(target, "test"), "{\"eventType\":\"invoice.paid\"}");
                assertThat(sent.status()).as(sent.text()).isEqualTo(202);
                String messageId = sent.json().get("messageId").asText();
                assertThat(sent.json().get("endpointId").asText())
                        .isEqualTo(target.id().value());
                assertThat(messageId)
                        .isEqualTo(new EventId(sent.json().get("eventId").asText())
                                .messageIdFor(target.id())
                                .value());

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> receiver.delivered().contains(messageId));
                TestReceiver.Receipt request = receiver.receivedFor(messageId).getFirst();
                assertThat(request.path()).isEqualTo("/target");
                assertThat(request.body()).contains("\"type\":\"invoice.paid\"").contains("\"test\":true");
                assertThatCode(() -> WebhookVerifier.of(secret)
                                .verify(request.headers(), request.body().getBytes(StandardCharsets.UTF_8)))
                        .doesNotThrowAnyException();
                assertThat(receiver.received()).hasSize(1);
            } finally {
                worker.close();
            }
            assertThat(api.post(path(off, "test"), "{\"eventType\":\"a\"}").status())
                    .isEqualTo(409);
            assertThat(api.post(path(target, "test"), "{\"eventType\":\"-x\"}")
                            .json()
                            .get("field")
                            .asText())
                    .isEqualTo("eventType");
            assertThat(api.post(path(target, "test"), "{}").json().get("field").asText())
                    .isEqualTo("eventType");
            assertThat(api.post("/v1/tenants/acme/endpoints/ep_nothing/test", "{\"eventType\":\"a\"}")
                            .status())
                    .isEqualTo(404);
            assertThat(api.post("/v1/tenants/globex/endpoints/" + target.id() + "/test", "{\"eventType\":\"a\"}")
                            .status())
                    .as("another tenant's endpoint")
                    .isEqualTo(404);
        }
    }

    @Test
    void recoverReplaysThatEndpointsDeadLettersSinceATime(TestServers servers) {
        AtomicBoolean up = new AtomicBoolean(false);
        try (ApiFixture api = new ApiFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue);
                TestReceiver receiver = TestReceiver.scripted((r, earlier) -> Answer.status(up.get() ? 200 : 500))) {
            mirror.activeTypes("a.b");
            MirroredEndpoint recovered = endpoint("acme", receiver.url("/rec"), Set.of(), Set.of(), newSecret());
            MirroredEndpoint left = endpoint("acme", receiver.url("/left"), Set.of(), Set.of(), newSecret());
            mirror.put(recovered, left);
            Worker worker = Worker.start(api.queue.config(Map.of(WorkerConfig.RETRY_SCHEDULE, "100ms")));
            try {
                List<EventId> events = api.queue.producer.publishAll(List.of(event(), event(), event()));
                List<String> toRecover = events.stream()
                        .map(e -> e.messageIdFor(recovered.id()).value())
                        .toList();
                List<String> toLeave = events.stream()
                        .map(e -> e.messageIdFor(left.id()).value())
                        .toList();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> toRecover.stream()
                                        .allMatch(id -> api.queue
                                                .history
                                                .findDeadLetter(id)
                                                .isPresent())
                                && toLeave.stream()
                                        .allMatch(id -> api.queue
                                                .history
                                                .findDeadLetter(id)
                                                .isPresent()));

                up.set(true);
                Response r = api.post(path(recovered, "recover") + "?since=1h", null);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().get("replayed").asInt()).isEqualTo(3);
                List<String> replayedIds = new java.util.ArrayList<>();
                r.json().get("replayedIds").forEach(id -> replayedIds.add(id.asText()));
                assertThat(replayedIds).containsExactlyInAnyOrderElementsOf(toRecover);
                assertThat(r.json().get("more").asBoolean()).isFalse();
                api.queue.awaitFinal(toRecover, Duration.ofSeconds(20));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> receiver.delivered().containsAll(toRecover));
                assertThat(toRecover)
                        .allSatisfy(id -> assertThat(api.queue.message(id))
                                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED)));
                assertThat(toLeave)
                        .allSatisfy(id ->
                                assertThat(api.queue.history.findDeadLetter(id)).isPresent());
                assertThat(api.post(path(recovered, "recover") + "?since=1h", null)
                                .json()
                                .get("replayed")
                                .asInt())
                        .as("nothing left to recover")
                        .isZero();
            } finally {
                worker.close();
            }
            Response noSince = api.post(path(recovered, "recover"), null);
            assertThat(noSince.status()).isEqualTo(400);
            assertThat(noSince.json().get("field").asText()).isEqualTo("since");
        }
    }

    @Test
    void statsShowTheEndpointsAttemptsSuccessRateLatencyAndLastError(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue);
                TestReceiver receiver =
                        TestReceiver.scripted((r, earlier) -> Answer.status(earlier == 0 ? 503 : 200))) {
            mirror.activeTypes("a.b");
            MirroredEndpoint measured = endpoint("acme", receiver.url("/m"), Set.of(), Set.of(), newSecret());
            mirror.put(measured);
            Worker worker = Worker.start(api.queue.config(Map.of()));
            try {
                List<EventId> events = api.queue.producer.publishAll(List.of(event(), event(), event(), event()));
                List<String> ids = events.stream()
                        .map(e -> e.messageIdFor(measured.id()).value())
                        .toList();
                api.queue.awaitFinal(ids, Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> api.get(path(measured, "stats"))
                                        .json()
                                        .get("lastHour")
                                        .get("attempts")
                                        .asInt()
                                == 8);

                JsonNode stats = api.get(path(measured, "stats")).json();
                for (String window : List.of("lastHour", "lastDay")) {
                    JsonNode w = stats.get(window);
                    assertThat(w.get("attempts").asInt()).as(window).isEqualTo(8);
                    assertThat(w.get("delivered").asInt()).isEqualTo(4);
                    assertThat(w.get("successRate").asDouble()).isEqualTo(0.5);
                    assertThat(w.get("latencyP50Ms").isNumber()).isTrue();
                    assertThat(w.get("latencyP99Ms").asDouble())
                            .isGreaterThanOrEqualTo(w.get("latencyP50Ms").asDouble());
                    assertThat(w.get("lastError").get("statusCode").asInt()).isEqualTo(503);
                    assertThat(ids).contains(w.get("lastError").get("messageId").asText());
                }
            } finally {
                worker.close();
            }
            assertThat(api.get("/v1/tenants/acme/endpoints/ep_unknown/stats").status())
                    .isEqualTo(404);
            assertThat(api.get("/v1/tenants/a%20b/endpoints/ep_x/stats")
                            .json()
                            .get("field")
                            .asText())
                    .isEqualTo("tenant");
        }
    }

    private static Event event() {
        return Event.builder("a.b").tenant("acme").payload("{}").build();
    }
}
