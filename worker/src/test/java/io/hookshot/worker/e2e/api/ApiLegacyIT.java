package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The original Node.js Hookshot's routes, for users migrating: same token, same validation, real retries. */
@ExtendWith(RealServers.class)
class ApiLegacyIT {
    private static final long INITIAL_MS = 300;

    @Test
    void everyBackoffStrategyRetriesOnItsScheduleAndReportsStatusAndAttempts(TestServers servers) {
        // Each message fails twice, then is accepted: three attempts, two delays of its strategy.
        try (ApiFixture api = new ApiFixture(servers);
                TestReceiver receiver =
                        TestReceiver.scripted((request, earlier) -> earlier < 2 ? Answer.status(503) : Answer.ok())) {
            Map<String, long[]> expectedDelays = Map.of(
                    "exponential",
                    new long[] {INITIAL_MS, 2 * INITIAL_MS},
                    "fixed",
                    new long[] {INITIAL_MS, INITIAL_MS},
                    "linear",
                    new long[] {INITIAL_MS, 2 * INITIAL_MS});
            Map<String, String> ids = new java.util.HashMap<>();
            for (String strategy : expectedDelays.keySet()) {
                Response created = api.post(
                        "/api/webhooks",
                        "{\"target_url\":\"" + receiver.url("/" + strategy)
                                + "\",\"payload\":{\"s\":\"" + strategy + "\"},\"headers\":{\"X-Legacy\":\"yes\"},"
                                + "\"retry_config\":{\"max_attempts\":3,\"initial_delay_ms\":" + INITIAL_MS
                                + ",\"backoff_strategy\":\"" + strategy + "\"}}");
                assertThat(created.status()).as(created.text()).isEqualTo(202);
                ids.put(strategy, created.json().get("id").asText());
            }
            try (Worker worker =
                    Worker.start(api.queue.config(Map.of(io.hookshot.worker.config.WorkerConfig.RETRY_JITTER, "0")))) {
                api.queue.awaitFinal(ids.values(), Duration.ofSeconds(30));
            }
            expectedDelays.forEach((strategy, delays) -> {
                String id = ids.get(strategy);
                List<Instant> at = receiver.receivedFor(id).stream()
                        .map(TestReceiver.Receipt::at)
                        .toList();
                assertThat(at).as(strategy).hasSize(3);
                for (int i = 0; i < 2; i++) {
                    long gap = Duration.between(at.get(i), at.get(i + 1)).toMillis();
                    assertThat(gap).as("%s delay %d", strategy, i + 1).isBetween(delays[i] - 50, delays[i] + 5_000);
                }
                JsonNode status = api.get("/api/webhooks/" + id + "/status").json();
                assertThat(status.get("webhook_id").asText()).isEqualTo(id);
                assertThat(status.get("latest_status").asText()).isEqualTo("delivered");
                JsonNode attempts =
                        api.get("/api/webhooks/" + id + "/attempts").json().get("attempts");
                assertThat(attempts).hasSize(3);
                assertThat(attempts.get(2).get("success").asBoolean()).isTrue();
                assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(503);
                assertThat(status.get("last_attempt_at").asText())
                        .isEqualTo(attempts.get(2).get("attempted_at").asText());
            });
            assertThat(receiver.receivedFor(ids.get("fixed")).getFirst().headers())
                    .containsEntry("x-legacy", "yes");
        }
    }

    @Test
    void badLegacyInputIsA400NamingTheField(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String ok = "\"target_url\":\"http://127.0.0.1:9/x\",\"payload\":{}";
            Map<String, String> bodies = Map.of(
                    "{\"payload\":{}}",
                    "target_url",
                    "{\"target_url\":\"nope\",\"payload\":{}}",
                    "target_url",
                    "{\"target_url\":\"http://127.0.0.1:9/x\"}",
                    "payload",
                    "{" + ok + ",\"retry_config\":{\"backoff_strategy\":\"random\"}}",
                    "retry_config.backoff_strategy",
                    "{" + ok + ",\"retry_config\":{\"max_attempts\":1}}",
                    "retry_config.max_attempts",
                    "{" + ok + ",\"retry_config\":{\"max_attempts\":\"3\"}}",
                    "retry_config.max_attempts",
                    "{" + ok + ",\"retry_config\":{\"initial_delay_ms\":-1}}",
                    "retry_config.initial_delay_ms",
                    "{" + ok + ",\"retry_config\":[]}",
                    "retry_config");
            api.assertEachIsA400NamingItsField("/api/webhooks", bodies);
            assertThat(api.post("/api/webhooks", "{\"target_url\":\"ftp://example.com/x\",\"payload\":{}}")
                            .json()
                            .get("detail")
                            .asText())
                    .as("one message: what is wrong, no batch")
                    .isEqualTo("target_url scheme" + " must be http or https, got 'ftp'");
            assertThat(api.call("POST", "/api/webhooks", "{" + ok + "}", null).status())
                    .isEqualTo(401);
        }
    }
}
