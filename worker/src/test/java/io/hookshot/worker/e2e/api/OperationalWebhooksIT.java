package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.Endpoints;
import io.hookshot.common.events.EndpointId;
import io.hookshot.common.signing.WebhookVerifier;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestReceiver.Receipt;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.EndpointHealthConfig;
import io.hookshot.worker.config.OperationalWebhookConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.run.Worker;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Operational webhooks with two workers: a registered endpoint that fails until it is disabled, and a URL's origin
 * that fails and recovers, make each of the four events exactly once, signed with the operational secret; the
 * operational webhooks' own messages make none.
 */
@ExtendWith(RealServers.class)
class OperationalWebhooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLAKY_MESSAGES = 3;

    @Test
    void eachTransitionSendsOneSignedOperationalWebhookAcrossTwoWorkers(TestServers servers) {
        String secret = EndpointsMirror.newSecret();
        AtomicBoolean originUp = new AtomicBoolean(false);
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver ops = TestReceiver.alwaysOk();
                TestReceiver failing = TestReceiver.answering(Answer.status(503));
                TestReceiver origin =
                        TestReceiver.scripted((r, earlier) -> Answer.status(originUp.get() ? 200 : 503))) {
            EndpointId flaky = AutoDisableIT.register(api, failing.url("/flaky"));
            Map<String, String> env = new HashMap<>(Map.of(
                    EndpointHealthConfig.BREAKER_FAILURES, "2",
                    EndpointHealthConfig.BREAKER_MAX_HOLD, "1m",
                    EndpointHealthConfig.DISABLE_AFTER, "3s",
                    WorkerConfig.RETRY_SCHEDULE, "200ms,200ms,200ms,200ms,200ms,200ms",
                    OperationalWebhookConfig.URL, ops.url("/ops"),
                    OperationalWebhookConfig.SECRET, secret));
            List<Worker> workers = new ArrayList<>();
            try {
                for (String id : List.of("ops-a", "ops-b")) {
                    env.put(WorkerConfig.WORKER_ID, id);
                    workers.add(Worker.start(api.queue.config(env)));
                }
                List<String> dying = AutoDisableIT.publish(api, flaky, FLAKY_MESSAGES);
                String originUrl = origin.url("/o/");
                List<String> recovering = api.queue.sendMany(originUrl, 3);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> "open"
                                .equals(api.queue.endpointHealth(originUrl).get("s")));
                originUp.set(true);
                api.queue.awaitFinal(recovering, Duration.ofSeconds(30));

                Map<String, Integer> expected = Map.of(
                        "endpoint.circuit_opened", 2,
                        "endpoint.circuit_closed", 1,
                        "endpoint.disabled", 1,
                        "message.dead", FLAKY_MESSAGES);
                await().atMost(Duration.ofSeconds(40))
                        .until(() -> countByType(ops).equals(expected));
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(4))
                        .until(() -> countByType(ops).equals(expected));

                List<Receipt> received = ops.received();
                assertThat(received.stream().map(Receipt::webhookId).distinct())
                        .as("one message per event")
                        .hasSize(received.size());
                WebhookVerifier verifier = WebhookVerifier.of(secret);
                assertThat(received)
                        .allSatisfy(r -> assertThatCode(() ->
                                        verifier.verify(r.headers(), r.body().getBytes(StandardCharsets.UTF_8)))
                                .doesNotThrowAnyException());

                String originKey = Endpoints.keyOf(URI.create(originUrl));
                assertThat(data(ops, "endpoint.circuit_opened"))
                        .extracting(d ->
                                d.path("endpointId").asText(d.path("origin").asText()))
                        .containsExactlyInAnyOrder(flaky.value(), originKey);
                JsonNode closed = data(ops, "endpoint.circuit_closed").getFirst();
                assertThat(closed.get("origin").asText()).isEqualTo(originKey);
                assertThat(closed.get("failingSince").isTextual()).isTrue();
                JsonNode disabled = data(ops, "endpoint.disabled").getFirst();
                assertThat(disabled.get("tenant").asText()).isEqualTo("acme");
                assertThat(disabled.get("endpointId").asText()).isEqualTo(flaky.value());
                assertThat(disabled.get("reason").asText()).startsWith("failing since ");
                List<JsonNode> dead = data(ops, "message.dead");
                assertThat(dead)
                        .extracting(d -> d.get("messageId").asText())
                        .containsExactlyInAnyOrderElementsOf(dying);
                assertThat(dead).allSatisfy(d -> {
                    assertThat(d.get("reason").asText()).startsWith("endpoint_disabled");
                    assertThat(d.get("endpointId").asText()).isEqualTo(flaky.value());
                    assertThat(d.get("tenant").asText()).isEqualTo("acme");
                });
            } finally {
                workers.forEach(Worker::close);
            }
            assertThat(api.queue.inspect().violations()).isEmpty();
        }
    }

    private static Map<String, Integer> countByType(TestReceiver ops) {
        Map<String, Integer> counts = new HashMap<>();
        for (Receipt r : ops.received()) {
            counts.merge(body(r).get("type").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private static List<JsonNode> data(TestReceiver ops, String type) {
        return ops.received().stream()
                .map(OperationalWebhooksIT::body)
                .filter(b -> b.get("type").asText().equals(type))
                .map(b -> {
                    assertThat(b.get("timestamp").isTextual())
                            .as("timestamp of " + b)
                            .isTrue();
                    return b.get("data");
                })
                .toList();
    }

    private static JsonNode body(Receipt r) {
        try {
            return JSON.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
