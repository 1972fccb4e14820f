package io.hookshot.worker.e2e.api;

import static io.hookshot.worker.e2e.api.EventModelCalls.endpoint;
import static io.hookshot.worker.e2e.api.EventModelCalls.eventType;
import static io.hookshot.worker.e2e.api.EventModelCalls.health;
import static io.hookshot.worker.e2e.api.EventModelCalls.messageOf;
import static io.hookshot.worker.e2e.api.EventModelCalls.path;
import static io.hookshot.worker.e2e.api.EventModelCalls.publish;
import static io.hookshot.worker.e2e.api.EventModelCalls.setHealth;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET .../endpoints/{id}/health} and {@code .../series}: one registered endpoint's state and last hour. */
@ExtendWith(RealServers.class)
class ApiEndpointHealthIT {
    @Test
    void healthAndSeriesShowTheEndpointsStateAndItsLastHourAndDisabledOnceTheRegistrySaysSo(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver =
                        TestReceiver.scripted((r, earlier) -> Answer.status(earlier == 0 ? 503 : 200))) {
            eventType(api, "a.b");
            String ep = endpoint(api, "acme", "{\"url\": \"" + receiver.url("/m") + "\"}");
            List<String> ids = new ArrayList<>();
            try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
                for (int i = 0; i < 3; i++) {
                    ids.add(messageOf(publish(api, "acme", "a.b", "{\"i\": " + i + "}"), ep));
                }
                api.queue.awaitFinal(ids, Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> health(api, "acme", ep)
                                        .get("lastHour")
                                        .get("attempts")
                                        .asInt()
                                == 6);
            }

            JsonNode h = health(api, "acme", ep);
            assertThat(h.get("endpointId").asText()).isEqualTo(ep);
            assertThat(h.get("url").asText()).isEqualTo(receiver.url("/m"));
            assertThat(h.get("state").asText()).isEqualTo("closed");
            assertThat(h.get("disabled").asBoolean()).isFalse();
            assertThat(h.get("inFlight").asInt()).isZero();
            assertThat(h.get("held").asLong()).isZero();
            assertThat(h.get("openedAt").isNull()).isTrue();
            JsonNode hour = h.get("lastHour");
            assertThat(hour.get("delivered").asInt()).isEqualTo(3);
            assertThat(hour.get("successRate").asDouble()).isEqualTo(0.5);
            assertThat(hour.get("latencyP99Ms").asDouble())
                    .isGreaterThanOrEqualTo(hour.get("latencyP50Ms").asDouble());
            assertThat(hour.get("lastError").get("statusCode").asInt()).isEqualTo(503);
            assertThat(ids).contains(hour.get("lastError").get("messageId").asText());
            assertThat(Instant.parse(h.get("lastDeliveredAt").asText()))
                    .isAfter(Instant.now().minusSeconds(120));
            assertThat(h.get("historyUnavailable").isNull()).isTrue();

            JsonNode series = api.get(path("acme", ep, "series")).json();
            JsonNode minutes = series.get("minutes");
            assertThat(minutes).hasSize(60);
            assertThat(series.get("stepSeconds").asInt()).isEqualTo(60);
            assertThat(series.get("from").asText())
                    .isEqualTo(minutes.get(0).get("at").asText());
            Instant last = Instant.parse(minutes.get(59).get("at").asText());
            assertThat(Instant.parse(series.get("until").asText())).isEqualTo(last.plusSeconds(60));
            assertThat(last.getEpochSecond() % 60).isZero();
            assertThat(last).isBetween(Instant.now().minusSeconds(120), Instant.now());
            long delivered = 0;
            long failed = 0;
            for (int i = 0; i < 60; i++) {
                JsonNode m = minutes.get(i);
                delivered += m.get("delivered").asLong();
                failed += m.get("failed").asLong();
                assertThat(m.get("held").asLong()).isZero();
                if (i > 0) {
                    assertThat(Instant.parse(m.get("at").asText()))
                            .isEqualTo(
                                    Instant.parse(minutes.get(i - 1).get("at").asText())
                                            .plusSeconds(60));
                }
            }
            assertThat(delivered).isEqualTo(3);
            assertThat(failed).isEqualTo(3);

            Instant opened = Instant.now().minusSeconds(2);
            setHealth(
                    api,
                    ep,
                    Map.of("s", "open", "f", "12", "o", Long.toString(opened.toEpochMilli())),
                    Optional.empty());
            JsonNode open = health(api, "acme", ep);
            assertThat(open.get("state").asText()).isEqualTo("open");
            assertThat(open.get("openedAt").asText())
                    .isEqualTo(Instant.ofEpochMilli(opened.toEpochMilli()).toString());
            assertThat(open.get("consecutiveFailures").asInt()).isEqualTo(12);
            assertThat(open.get("concurrencyLimit").asInt()).isEqualTo(1);

            assertThat(api.patch("/v1/tenants/acme/endpoints/" + ep, "{\"disabled\": true}")
                            .status())
                    .isEqualTo(200);
            JsonNode disabled = health(api, "acme", ep);
            assertThat(disabled.get("state").asText()).isEqualTo("disabled");
            assertThat(disabled.get("disabled").asBoolean()).isTrue();

            for (String what : List.of("health", "series")) {
                assertThat(api.get(path("acme", "ep_unknown", what)).status())
                        .as(what)
                        .isEqualTo(404);
                assertThat(api.get(path("globex", ep, what)).status())
                        .as("another tenant's")
                        .isEqualTo(404);
                Response badTenant = api.get(path("a%20b", ep, what));
                assertThat(badTenant.status()).isEqualTo(400);
                assertThat(badTenant.json().get("field").asText()).isEqualTo("tenant");
                assertThat(api.call("GET", path("acme", ep, what), null, null).status())
                        .isEqualTo(401);
            }
        }
    }

    @Test
    void theSeriesShowsTheMessagesHeldByAnOpenBreakerAsAWorkerSamplesThem(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            eventType(api, "held.type");
            String ep = endpoint(api, "initech", "{\"url\": \"" + receiver.url("/h") + "\"}");
            Instant now = Instant.now();
            setHealth(
                    api,
                    ep,
                    Map.of("s", "open", "f", "10", "o", Long.toString(now.toEpochMilli())),
                    Optional.of(now.plus(Duration.ofMinutes(10))));
            try (Worker fanner = Worker.start(api.queue.config(Map.of()))) {
                for (int i = 0; i < 3; i++) {
                    publish(api, "initech", "held.type", "{}");
                }
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> health(api, "initech", ep).get("held").asLong() == 3);
            }
            // A worker samples at its start, then every minute.
            try (Worker sampler = Worker.start(api.queue.config(Map.of()))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> heldNow(api, "initech", ep) == 3);
            }
            JsonNode h = health(api, "initech", ep);
            assertThat(h.get("state").asText()).isEqualTo("open");
            assertThat(h.get("held").asLong()).isEqualTo(3);
            assertThat(receiver.received()).as("held, not attempted").isEmpty();
        }
    }

    @Test
    void withoutPostgresTheyAnswerWithTheRedisPartAndSayWhatIsMissing(TestServers servers) throws Exception {
        try (Database unreachable = new Database(
                        "jdbc:postgresql://127.0.0.1:" + TestRedis.freePort() + "/postgres", "postgres", "", 1);
                ApiFixture api = new ApiFixture(servers, unreachable);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue)) {
            MirroredEndpoint e =
                    EndpointsMirror.endpoint("umbrella", "http://127.0.0.1:9/u", Set.of(), Set.of(), newSecret());
            mirror.put(e);
            String ep = e.id().value();

            JsonNode h = health(api, "umbrella", ep);
            assertThat(h.get("state").asText()).isEqualTo("closed");
            assertThat(h.get("lastHour").isNull()).isTrue();
            assertThat(h.get("lastDeliveredAt").isNull()).isTrue();
            assertThat(h.get("historyUnavailable").asText()).contains("PostgreSQL");

            Response series = api.get(path("umbrella", ep, "series"));
            assertThat(series.status()).as(series.text()).isEqualTo(200);
            assertThat(series.json().get("minutes")).hasSize(60).allSatisfy(m -> {
                assertThat(m.get("delivered").isNull()).isTrue();
                assertThat(m.get("held").asLong()).isZero();
            });
            assertThat(series.json().get("historyUnavailable").asText()).contains("PostgreSQL");
        }
    }

    /** The held count of the series' latest sampled minute. */
    private static long heldNow(ApiFixture api, String tenant, String ep) {
        JsonNode minutes = api.get(path(tenant, ep, "series")).json().get("minutes");
        long held = 0;
        for (JsonNode m : minutes) {
            if (m.get("held").asLong() > 0) {
                held = m.get("held").asLong();
            }
        }
        return held;
    }
}
