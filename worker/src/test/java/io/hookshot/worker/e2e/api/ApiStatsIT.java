package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.DeadLetters;
import io.hookshot.worker.store.Database;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /v1/stats}: per-partition queue state from Redis, recent outcomes and archived dead letters from Postgres;
 * the Redis part alone, saying what is missing, while Postgres is unreachable.
 */
@ExtendWith(RealServers.class)
class ApiStatsIT {
    @Test
    void statsCountReadyDelayedAndRecentOutcomesPerQueue(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            api.enqueue("http://127.0.0.1:9/a", "{}");
            api.enqueue("http://127.0.0.1:9/a", "{}");
            api.enqueue("http://127.0.0.2:9/b", "{}");
            assertThat(api.post(
                                    "/v1/messages",
                                    "{\"url\":\"http://127.0.0.1:9/later\",\"payload\":{},\"delay\":\"1h\"}")
                            .status())
                    .isEqualTo(202);
            Instant now = Instant.now();
            attempt(api, "msg_stats_1", now.minusSeconds(5), "delivered");
            attempt(api, "msg_stats_2", now.minusSeconds(10), "delivered");
            attempt(api, "msg_stats_3", now.minusSeconds(20), "retrying");
            attempt(api, "msg_stats_4", now.minus(Duration.ofMinutes(30)), "delivered");
            attempt(api, "msg_stats_5", now.minus(Duration.ofMinutes(40)), "dead");
            attempt(api, "msg_stats_6", now.minus(Duration.ofHours(3)), "delivered");
            Instant died = now.minus(Duration.ofDays(2));
            String deadUrl = "http://127.0.0.1:9/d";
            for (String id : List.of("msg_stats_dead_1", "msg_stats_dead_2", "msg_stats_dead_3")) {
                DeadLetters.insert(api.queue, id, deadUrl, died, DeadLetters.encodedJob(id, deadUrl));
            }
            api.queue.database.jdbi().useHandle(h -> h.execute("""
                    insert into hookshot_dead_letter (message_id, queue, url, reason, job, attempts, died_at)
                    values ('msg_stats_elsewhere', 'another-queue', ?, 'exhausted', '{}', 3, ?)""", deadUrl, Timestamp.from(died)));

            JsonNode stats = api.get("/v1/stats").json();
            assertThat(stats.get("queue").asText()).isEqualTo(api.queue.queue);
            assertThat(stats.get("ready").asLong()).isEqualTo(3);
            assertThat(stats.get("delayed").asLong()).isEqualTo(1);
            assertThat(stats.get("inFlight").asLong()).isZero();
            assertThat(stats.get("deadAwaitingArchive").asLong()).isZero();
            assertThat(stats.path("deadLettersArchived").asLong())
                    .as("this queue's dead letters only")
                    .isEqualTo(3);
            assertThat(stats.get("historyUnavailable").isNull()).isTrue();
            assertThat(stats.get("outboxLength").asLong())
                    .as("accepted records, no exporter running")
                    .isEqualTo(4);
            assertThat(stats.get("partitions")).hasSize(api.queue.partitions);
            long readyInPartitions = 0;
            for (JsonNode p : stats.get("partitions")) {
                readyInPartitions += p.get("ready").asLong();
                if (p.get("ready").asLong() > 0) {
                    assertThat(p.get("oldestReadyAgeMs").asLong()).isBetween(0L, 60_000L);
                }
                if (p.get("outboxLength").asLong() > 0) {
                    assertThat(p.get("outboxLagMs").asLong()).isBetween(0L, 60_000L);
                }
            }
            assertThat(readyInPartitions).isEqualTo(3);
            JsonNode recent = stats.get("recent");
            assertThat(recent.get("deliveredLastMinute").asLong()).isEqualTo(2);
            assertThat(recent.get("failedLastMinute").asLong()).isEqualTo(1);
            assertThat(recent.get("deliveredLastHour").asLong()).isEqualTo(3);
            assertThat(recent.get("failedLastHour").asLong()).isEqualTo(2);
        }
    }

    @Test
    void statsShowTheRedisPartAndSayWhatIsMissingWhilePostgresIsUnreachable(TestServers servers) throws Exception {
        try (Database unreachable = new Database(
                        "jdbc:postgresql://127.0.0.1:" + TestRedis.freePort() + "/postgres", "postgres", "", 1);
                ApiFixture api = new ApiFixture(servers, unreachable)) {
            api.enqueue("http://127.0.0.1:9/a", "{}");

            ApiFixture.Response response = api.get("/v1/stats");

            assertThat(response.status()).as(response.text()).isEqualTo(200);
            JsonNode stats = response.json();
            assertThat(stats.get("ready").asLong()).isEqualTo(1);
            assertThat(stats.get("partitions")).hasSize(api.queue.partitions);
            assertThat(stats.get("deadLettersArchived").isNull())
                    .as("the archive count is unknown")
                    .isTrue();
            assertThat(stats.get("recent").isNull()).isTrue();
            assertThat(stats.get("historyUnavailable").asText()).contains("PostgreSQL");
        }
    }

    @Test
    void originHealthShowsEachBreakerPauseAndLimitWithTheMessagesHeld(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            api.enqueue("http://127.0.0.1:9/a", "{}");
            api.enqueue("http://127.0.0.1:9/a", "{}");
            api.enqueue("http://127.0.0.2:9/b", "{}");
            Instant opened = Instant.now().minusSeconds(1);
            api.queue.setEndpointHealth(
                    "http://127.0.0.1:9/",
                    Map.of("s", "open", "f", "12", "o", Long.toString(opened.toEpochMilli())),
                    Optional.of(opened.plusSeconds(60)));
            api.queue.setEndpointHealth("http://127.0.0.2:9/", Map.of("c", "4", "l", "50"), Optional.empty());

            JsonNode items = api.get("/v1/origins/health").json().get("items");

            assertThat(items).hasSize(2);
            JsonNode open = items.get(0);
            assertThat(open.get("endpoint").asText()).isEqualTo("http://127.0.0.1:9");
            assertThat(open.get("state").asText()).isEqualTo("open");
            assertThat(open.get("openedAt").asText())
                    .isEqualTo(Instant.ofEpochMilli(opened.toEpochMilli()).toString());
            assertThat(open.get("consecutiveFailures").asInt()).isEqualTo(12);
            assertThat(open.get("held").asLong()).isEqualTo(2);
            assertThat(open.get("concurrencyLimit").asInt()).isEqualTo(1);
            JsonNode limited = items.get(1);
            assertThat(limited.get("state").asText()).isEqualTo("closed");
            assertThat(limited.get("concurrencyLimit").asInt()).isEqualTo(4);
            assertThat(limited.get("rateLimit").asInt()).isEqualTo(50);
            assertThat(limited.get("held").asLong()).isZero();
            assertThat(api.get("/v1/origins/health").status()).isEqualTo(200);
        }
    }

    private static void attempt(ApiFixture api, String id, Instant at, String outcome) {
        api.queue.database.jdbi().useHandle(h -> {
            h.execute("""
                    insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at)
                    values (?, ?, 'http://127.0.0.1:9/s', ?, 1, ?, ?)""", id, api.queue.queue, outcome, Timestamp.from(at), Timestamp.from(at));
            h.execute("""
                    insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, outcome)
                    values (?, 1, ?, 5, 'http://127.0.0.1:9/s', ?)""", id, Timestamp.from(at), outcome);
        });
    }
}
