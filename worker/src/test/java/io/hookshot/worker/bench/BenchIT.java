package io.hookshot.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.EndpointHealthConfig;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;

/** A tiny bench of every scenario, in-process, against the test servers: everything arrives, the report parses. */
@ExtendWith(RealServers.class)
class BenchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of(
            "scenario",
            "queue",
            "messages",
            "enqueuePerSecond",
            "deliveriesPerSecond",
            "steadyDeliveriesPerSecond",
            "attemptsPerSecond",
            "historyRowsPerSecond",
            "delivered",
            "attempts",
            "historyDelivered",
            "historyAttemptRows",
            "duplicates",
            "latencyMs",
            "latenessMs",
            "workerCpuSeconds",
            "peakRssMiB",
            "loadAverage",
            "ok",
            "workerState",
            "benchCpuSeconds",
            "receiverCpuSeconds",
            "redisCpuSeconds",
            "redisCallsPerMessage",
            "redisMicrosPerMessage",
            "redisCommands",
            "postgresCpuSeconds");

    @Test
    void everyScenarioDeliversEveryMessageAndReportsOneJsonLineEach(TestServers servers) throws Exception {
        BenchOptions options = tiny().scenarios(
                        Scenario.BURST, Scenario.FAILING, Scenario.PACED, Scenario.DELAYED, Scenario.FANOUT)
                .build();
        Run run = run(options, servers);
        List<JsonNode> reports = run.reports();
        assertThat(reports)
                .extracting(r -> r.get("scenario").asText())
                .containsExactly("burst", "failing", "paced", "delayed", "fanout");
        for (JsonNode report : reports) {
            assertThat(FIELDS)
                    .allSatisfy(f ->
                            assertThat(report.has(f)).as("%s has %s", report, f).isTrue());
            int messages = report.get("messages").asInt();
            assertThat(report.get("ok").asBoolean()).isTrue();
            assertThat(report.get("delivered").asLong()).isEqualTo(messages);
            assertThat(report.get("historyDelivered").asLong()).isEqualTo(messages);
            assertThat(report.get("historyAttemptRows").asLong())
                    .isEqualTo(report.get("attempts").asLong());
            assertThat(report.get("steadyDeliveriesPerSecond").asDouble()).isPositive();
            assertThat(report.get("workerState").asText()).isEqualTo("warm");
            assertThat(report.get("redisCallsPerMessage").asDouble())
                    .as("INFO commandstats read")
                    .isPositive();
            assertThat(report.get("receiverCpuSeconds").asDouble())
                    .as("no --receiver-pid")
                    .isEqualTo(-1);
        }
        JsonNode failing = reports.get(1);
        assertThat(failing.get("attempts").asLong())
                .isGreaterThan(failing.get("messages").asLong());
        assertThat(reports.get(2).get("latencyMs").get("count").asLong()).isEqualTo(100);
        assertThat(reports.get(3).get("latenessMs").get("count").asLong()).isEqualTo(100);
        JsonNode fanout = reports.get(4);
        assertThat(fanout.get("enqueueMode").asText()).isEqualTo("publishAll");
        assertThat(fanout.get("messages").asInt())
                .as("20 events to 10 endpoints each")
                .isEqualTo(200);
        assertThat(fanout.get("duplicates").asLong()).isZero();
        assertThat(fanout.get("latencyMs").get("count").asLong()).isEqualTo(200);
        assertThat(run.printed()).contains("every message of every scenario arrived");
        assertNothingLeft(servers, reports);
    }

    @Test
    void throughTheApiEveryMessageIsOnePostAndItsLatencyIsMeasured(TestServers servers) {
        BenchOptions options = tiny().scenarios(Scenario.BURST, Scenario.PACED)
                .messages(150)
                .warmup(50)
                .sendVia("api")
                .build();
        List<JsonNode> reports = run(options, servers).reports();
        assertThat(reports)
                .extracting(r -> r.get("enqueueMode").asText())
                .containsExactly("single via api", "paced via api");
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.get("ok").asBoolean()).isTrue();
            assertThat(r.get("delivered").asLong()).isEqualTo(r.get("messages").asLong());
            assertThat(r.get("duplicates").asLong()).isZero();
        });
        assertThat(reports.get(1).get("latencyMs").get("count").asLong()).isEqualTo(100);
    }

    @Test
    void outageLosesNoMessageWithOrWithoutTheBreakerAndTheRateLimitHolds(TestServers servers) {
        BenchOptions options = tiny().scenarios(Scenario.OUTAGE, Scenario.RATELIMIT)
                .messages(600)
                .warmup(0)
                .rate(100)
                .outage(Duration.ofSeconds(2))
                .rateLimit(20)
                .build();
        Run run = run(options, servers);
        List<JsonNode> reports = run.reports();
        assertThat(reports)
                .extracting(r -> r.get("scenario").asText())
                .containsExactly("outage", "outage", "ratelimit");
        assertThat(reports).allSatisfy(r -> {
            assertThat(FIELDS)
                    .allSatisfy(f -> assertThat(r.has(f)).as("%s has %s", r, f).isTrue());
            assertThat(r.get("ok").asBoolean()).isTrue();
            assertThat(r.get("delivered").asLong()).isEqualTo(r.get("messages").asLong());
            assertThat(r.get("historyDelivered").asLong())
                    .isEqualTo(r.get("messages").asLong());
            assertThat(r.get("historyDead").asLong()).isZero();
        });
        JsonNode withBreaker = reports.get(0);
        JsonNode withoutBreaker = reports.get(1);
        assertThat(withBreaker.get("breaker").asBoolean()).isTrue();
        assertThat(withoutBreaker.get("breaker").asBoolean()).isFalse();
        assertThat(withoutBreaker.get("breakerFailures").asInt()).isEqualTo(EndpointHealthConfig.MAX_BREAKER_FAILURES);
        for (JsonNode outage : List.of(withBreaker, withoutBreaker)) {
            assertThat(outage.get("messages").asInt()).as("100/s for 2 s + 1 s").isEqualTo(300);
            assertThat(outage.get("failingEndpointMessages").asInt()).isEqualTo(30);
            assertThat(outage.get("dead").asLong()).isZero();
            assertThat(outage.get("drainSeconds").asDouble())
                    .as("its whole backlog delivered after the recovery")
                    .isNotNegative();
            assertThat(outage.get("failingEndpointAttempts").asLong()
                            - outage.get("attemptsDuringOutage").asLong())
                    .as("after the recovery, a 200 for each of its messages")
                    .isGreaterThanOrEqualTo(30);
            assertThat(outage.get("othersLatencyMs").get("count").asLong()).isEqualTo(270);
        }
        assertThat(withBreaker.get("attemptsDuringOutage").asLong())
                .as("the threshold's failures and those in flight (at most the endpoint's cap) when it opened; the"
                        + " first probe is due 5 s after")
                .isLessThanOrEqualTo(withBreaker.get("breakerFailures").asLong() + options.concurrency());
        JsonNode limited = reports.get(2);
        assertThat(limited.get("rateLimit").asInt()).isEqualTo(20);
        assertThat(limited.get("limitedRequests").asLong()).isEqualTo(60);
        assertThat(limited.get("limitHeld").asBoolean())
                .as("60 requests within the burst and 21/s over the run")
                .isTrue();
        assertThat(limited.get("othersDelivered").asLong()).isEqualTo(540);
        assertThat(List.of("limitedMeanPerSecond", "limitedMaxPerSecond", "limitedSeconds", "othersPerSecond"))
                .allSatisfy(f -> assertThat(limited.get(f).asDouble()).as(f).isPositive());
        assertThat(run.printed()).contains("attempts in outage").contains("limit held");
        assertNothingLeft(servers, reports);
    }

    @Test
    void withoutRedisAndPostgresSettingsExitsTwoNamingBothVariables(@TempDir Path emptyDirectory) throws Exception {
        Path jar = Path.of("target", "hookshot.jar").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(), "bench")
                .directory(emptyDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bench exits").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains(WorkerConfig.REDIS_URL).contains(WorkerConfig.DATABASE_URL);
    }

    /** What a bench run printed, and its JSON reports, one a scenario. */
    private record Run(String printed, List<JsonNode> reports) {}

    /** Runs the bench with {@code options} in this JVM and checks that it exits 0. */
    private static Run run(BenchOptions options, TestServers servers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = Bench.run(options, env(servers), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isEqualTo(Bench.EXIT_OK);
        List<JsonNode> reports = printed.lines()
                .filter(l -> l.startsWith("{"))
                .map(BenchIT::parse)
                .toList();
        return new Run(printed, reports);
    }

    /** A tiny run: a few messages of each scenario, a short wait, one in-process worker. */
    private static BenchOptionsBuilder tiny() {
        return BenchOptions.builder()
                .messages(200)
                .warmup(100)
                .concurrency(16)
                .payloadBytes(256)
                .batchSize(50)
                .sendThreads(4)
                .rate(100)
                .pacedFor(Duration.ofSeconds(1))
                .delayedMessages(100)
                .delay(Duration.ofMillis(300))
                .spread(Duration.ofMillis(300))
                .drainTimeout(Duration.ofSeconds(60));
    }

    private static void assertNothingLeft(TestServers servers, List<JsonNode> reports) {
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        try (Database database = new Database(
                servers.database().jdbcUrl(),
                servers.database().user(),
                servers.database().password(),
                1)) {
            BenchHistory history = new BenchHistory(database);
            List<String> queues = reports.stream()
                    .map(r -> r.get("queue").asText())
                    .distinct()
                    .toList();
            // The run's queue, whose name starts the names of outage's own queues.
            String queue =
                    queues.stream().min(Comparator.comparingInt(String::length)).orElseThrow();
            assertThat(redis.getKeys().getKeysStreamByPattern("*" + queue + "*").toList())
                    .as(queue)
                    .isEmpty();
            assertThat(queues)
                    .allSatisfy(q -> assertThat(history.messages(q)).as(q).isEqualTo(new BenchHistory.Counts(0, 0)));
        } finally {
            redis.shutdown();
        }
    }

    /**
     * The test servers, and a user's mirror repair every second: the bench must turn it off for its workers, since a
     * repair from PostgreSQL deletes the fanout scenario's tenant (PostgreSQL does not know it) between its runs.
     */
    private static Map<String, String> env(TestServers servers) {
        return Map.of(
                RegistryConfig.MIRROR_REPAIR_INTERVAL,
                "1s",
                WorkerConfig.REDIS_URL,
                servers.redisUrl(),
                WorkerConfig.DATABASE_URL,
                servers.database().jdbcUrl(),
                WorkerConfig.DATABASE_USER,
                servers.database().user(),
                WorkerConfig.DATABASE_PASSWORD,
                servers.database().password());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
