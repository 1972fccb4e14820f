package io.hookshot.worker.e2e.cli;

import static io.hookshot.testing.JarCommand.hookshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.ConnectionConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.DeadLetters;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin commands of the built jar (dlq, messages, stats, server): output, exit codes, errors. */
@ExtendWith(RealServers.class)
class ApiCommandLineIT {

    @Test
    void dlqMessagesAndStatsShareTheApisQueriesAndReplay(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Map<String, String> env = fixture.env(Map.of());
            String a = "http://127.0.0.1:9/a";
            Instant died = Instant.parse("2026-06-01T00:00:00Z");
            DeadLetters.insert(fixture, "msg_cli_1", a, died, DeadLetters.encodedJob("msg_cli_1", a));
            DeadLetters.insert(fixture, "msg_cli_2", a, died.plusSeconds(1), DeadLetters.encodedJob("msg_cli_2", a));
            DeadLetters.insert(
                    fixture,
                    "msg_cli_3",
                    "http://127.0.0.1:9/b",
                    died.plusSeconds(2),
                    DeadLetters.encodedJob("msg_cli_3", "http://127.0.0.1:9/b"));

            var list = hookshot(env, "dlq", "list", "--json");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.json().get("items"))
                    .extracting(d -> d.get("id").asText())
                    .containsExactly("msg_cli_3", "msg_cli_2", "msg_cli_1");
            assertThat(hookshot(env, "dlq", "list", "--limit", "2")
                            .out()
                            .lines()
                            .toList())
                    .hasSize(4)
                    .satisfies(
                            lines -> assertThat(lines.get(0)).startsWith("id").contains("reason"))
                    .satisfies(lines ->
                            assertThat(lines.get(1)).startsWith("msg_cli_3").contains("/b"))
                    .satisfies(lines -> assertThat(lines.get(3)).startsWith("more: --cursor "));
            assertThat(hookshot(env, "dlq", "show", "msg_cli_1").out())
                    .contains("msg_cli_1")
                    .contains("exhausted");
            var unknown = hookshot(env, "dlq", "show", "msg_nope");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("no dead letter with id 'msg_nope'");

            JsonNode dry = hookshot(env, "dlq", "replay", "--dry-run", "--url", a, "--json")
                    .json();
            assertThat(dry.get("matched").asInt()).isEqualTo(2);
            assertThat(dry.get("sample")).extracting(JsonNode::asText).containsExactly("msg_cli_2", "msg_cli_1");
            assertThat(fixture.inspect().live()).isZero();

            var replay = hookshot(env, "dlq", "replay", "msg_cli_1", "--json");
            assertThat(replay.exit()).as(replay.err()).isZero();
            assertThat(replay.json().get("firstAttempt").asInt()).isEqualTo(4);
            assertThat(fixture.inspect().ready()).isEqualTo(1);
            assertThat(hookshot(env, "dlq", "replay", "msg_cli_1").exit()).isEqualTo(1);

            var unfiltered = hookshot(env, "dlq", "delete");
            assertThat(unfiltered.exit()).isEqualTo(2);
            assertThat(unfiltered.err()).contains("--all");
            assertThat(hookshot(env, "dlq", "purge", "--url", "http://127.0.0.1:9/b", "--json")
                            .json()
                            .get("deleted")
                            .asInt())
                    .isEqualTo(1);
            assertThat(hookshot(env, "dlq", "list", "--json").json().get("items"))
                    .extracting(d -> d.get("id").asText())
                    .containsExactly("msg_cli_2");

            JsonNode dead =
                    hookshot(env, "messages", "--status", "dead", "--json").json();
            assertThat(dead.get("items"))
                    .extracting(m -> m.get("id").asText())
                    .containsExactlyInAnyOrder("msg_cli_2", "msg_cli_3");
            assertThat(hookshot(env, "messages", "list", "--status", "dead", "--json")
                            .json())
                    .isEqualTo(dead);
            assertThat(hookshot(env, "messages", "--status", "dead").out().lines())
                    .hasSize(3)
                    .anySatisfy(line -> assertThat(line).startsWith("msg_cli_2").contains("dead"));
            var badFilter = hookshot(env, "messages", "--since", "last week");
            assertThat(badFilter.exit()).isEqualTo(2);
            assertThat(badFilter.err()).contains("since must be");

            JsonNode stats = hookshot(env, "stats", "--json").json();
            assertThat(stats.get("ready").asInt()).isEqualTo(1);
            assertThat(stats.path("deadLettersArchived").asInt())
                    .as("one replayed, one purged")
                    .isEqualTo(1);
            assertThat(hookshot(env, "stats").out())
                    .contains("queue " + fixture.queue)
                    .contains("dead letters archived 1");
        }
    }

    @Test
    void statsAnswerWithTheRedisPartWhilePostgresIsUnreachable(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            fixture.sendMany("http://127.0.0.1:9/s", 2);
            Map<String, String> env = fixture.env(Map.of(
                    WorkerConfig.DATABASE_URL, "jdbc:postgresql://127.0.0.1:" + TestRedis.freePort() + "/postgres"));

            var json = hookshot(env, "stats", "--json");
            assertThat(json.exit()).as(json.err()).isZero();
            assertThat(json.json().get("ready").asInt()).isEqualTo(2);
            assertThat(json.json().get("deadLettersArchived").isNull()).isTrue();
            assertThat(json.json().get("historyUnavailable").asText()).contains("PostgreSQL");
            var text = hookshot(env, "stats");
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out()).contains("ready 2").contains("dead letters archived unavailable");
        }
    }

    @Test
    void adminCommandsOpenNoProducerButCheckTheQueuesPartitionCount(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            var stats = hookshot(fixture.env(Map.of()), "--verbose", "stats");
            assertThat(stats.exit()).as(stats.err()).isZero();
            assertThat(stats.err())
                    .as("INFO lines of stats: no producer was created")
                    .doesNotContain("producer ready");

            int other = fixture.partitions + 1;
            var list =
                    hookshot(fixture.env(Map.of(ConnectionConfig.PARTITIONS, Integer.toString(other))), "dlq", "list");
            assertThat(list.exit()).isNotZero();
            assertThat(list.err())
                    .contains("has " + fixture.partitions + " partitions in Redis")
                    .contains(ConnectionConfig.PARTITIONS + "=" + fixture.partitions);
        }
    }

    @Test
    void theServerRefusesToStartWithoutAToken(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            var run = hookshot(fixture.env(Map.of()), "server");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("HOOKSHOT_API_TOKEN is not set").contains("--insecure-no-auth");
            var shortToken = hookshot(fixture.env(Map.of("HOOKSHOT_API_TOKEN", "short")), "server");
            assertThat(shortToken.exit()).isEqualTo(2);
            assertThat(shortToken.err()).contains("at least 16 characters").doesNotContain("short'");
        }
    }

    @Test
    void aWorkerServesHealthAndMetricsOnItsPortButNoApi(TestServers servers) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                WorkerProcess worker = new WorkerProcess(
                        "api-health-worker", fixture.env(Map.of("HOOKSHOT_HTTP_PORT", Integer.toString(port))))) {
            worker.awaitStarted(java.time.Duration.ofSeconds(60));
            String base = "http://127.0.0.1:" + port;
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .untilAsserted(() ->
                            assertThat(status(http, base + "/health/ready")).isEqualTo(200));
            assertThat(status(http, base + "/health/live")).isEqualTo(200);
            assertThat(status(http, base + "/metrics")).isEqualTo(200);
            assertThat(status(http, base + "/v1/messages"))
                    .as("a worker serves no API")
                    .isEqualTo(404);
        }
    }

    private static int status(java.net.http.HttpClient http, String url) throws Exception {
        return http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .timeout(java.time.Duration.ofSeconds(10))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
