package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.common.Endpoints;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.Database;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/origins/health} lists an origin that had attempts in the last hour with its figures (attempts,
 * success rate, latency, the latest failure) as the workers count them in Redis, with PostgreSQL out of its reach.
 */
@ExtendWith(RealServers.class)
class ApiOriginHealthIT {
    @Test
    void anOriginsLastHourComesFromTheWorkersCountsWithoutPostgres(TestServers servers) throws Exception {
        try (Database unreachable = new Database(
                        "jdbc:postgresql://127.0.0.1:" + TestRedis.freePort() + "/postgres", "postgres", "", 1);
                ApiFixture api = new ApiFixture(servers, unreachable);
                TestReceiver receiver =
                        TestReceiver.scripted((r, earlier) -> Answer.status(earlier == 0 ? 503 : 200))) {
            String origin = Endpoints.keyOf(URI.create(receiver.url("/o")));
            List<String> ids = new ArrayList<>();
            try (Worker worker = Worker.start(api.queue.config(Map.of()))) {
                for (int i = 0; i < 3; i++) {
                    ids.add(api.enqueue(receiver.url("/o"), "{\"i\": " + i + "}"));
                }
                api.queue.awaitFinal(ids, Duration.ofSeconds(30));
                // The worker adds its counts every few seconds, and once more as it stops.
                await().atMost(Duration.ofSeconds(20)).until(() -> attempts(api, origin) == 6);
            }

            JsonNode item = item(api, origin);
            assertThat(item.get("state").asText()).isEqualTo("closed");
            assertThat(item.get("inFlight").asInt()).isZero();
            JsonNode hour = item.get("lastHour");
            assertThat(hour.get("delivered").asInt()).isEqualTo(3);
            assertThat(hour.get("successRate").asDouble()).isEqualTo(0.5);
            assertThat(hour.get("latencyP50Ms").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(hour.get("latencyP99Ms").asDouble())
                    .isGreaterThanOrEqualTo(hour.get("latencyP50Ms").asDouble());
            assertThat(Instant.parse(hour.get("since").asText()))
                    .isBetween(
                            Instant.now().minus(Duration.ofMinutes(61)),
                            Instant.now().minus(Duration.ofMinutes(58)));
            JsonNode lastError = hour.get("lastError");
            assertThat(lastError.get("statusCode").asInt()).isEqualTo(503);
            assertThat(ids).contains(lastError.get("messageId").asText());
            assertThat(Instant.parse(lastError.get("at").asText()))
                    .isAfter(Instant.now().minusSeconds(120));
        }
    }

    private static int attempts(ApiFixture api, String origin) {
        JsonNode item = item(api, origin);
        return item == null || item.get("lastHour").isNull()
                ? 0
                : item.get("lastHour").get("attempts").asInt();
    }

    private static JsonNode item(ApiFixture api, String origin) {
        ApiFixture.Response response = api.get("/v1/origins/health");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        for (JsonNode item : response.json().get("items")) {
            if (item.get("endpoint").asText().equals(origin)) {
                return item;
            }
        }
        return null;
    }
}
