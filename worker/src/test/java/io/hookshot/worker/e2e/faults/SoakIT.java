package io.hookshot.worker.e2e.faults;

import static io.hookshot.testing.JarCommand.hookshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.RestartableRedis;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault at once, in one run: messages sent by four producer threads at a steady pace (over a minute, or at 500
 * a second when that takes longer) to a receiver failing 5 % of requests and to a slow one (200 ms), delivered by
 * three worker JVMs, while the test SIGKILLs a worker ten times at random (seeded) and starts a replacement under its
 * id, SIGKILLs Redis and starts it again on its append-only file, and cuts PostgreSQL off for 60 s. Each fault
 * strikes once a given share of the sends is acknowledged; a replacement worker starts meanwhile (the plan waits for
 * the replacements only before it kills Redis); the summary line says when each fault struck. At the end
 * {@code hookshot check} passes and {@link SoakAudit} holds the receivers' logs against the history: nothing lost,
 * duplicates no more than the leases lost at the kills, one history row per attempt and one per request.
 *
 * <p>10,000 messages by default (about two and a half minutes); the full soak by hand:
 * {@code -Dhookshot.soak.all.messages=100000}, and {@code -Dhookshot.soak.seed=N} repeats a run's kill times.
 */
@ExtendWith(RealServers.class)
class SoakIT {
    private static final int MESSAGES = Integer.getInteger("hookshot.soak.all.messages", 10_000);
    private static final long SEED = Long.getLong("hookshot.soak.seed", System.nanoTime());
    /** The pace: a minute, or longer at 500 a second (about what the workers deliver to these receivers). */
    private static final Duration SENDING = Duration.ofSeconds(Math.max(60, MESSAGES / 500));

    /** Faults strike once these shares of the messages are acknowledged, so a slow machine only stretches the run. */
    private static final double POSTGRES_DOWN_AT = 0.05;

    private static final Duration POSTGRES_OUTAGE = Duration.ofSeconds(60);
    private static final double REDIS_KILLED_AT = 0.55;
    private static final Duration REDIS_OUTAGE = Duration.ofSeconds(1);
    private static final int WORKER_KILLS = 10;
    private static final double KILLS_FROM = 0.02;
    private static final double KILLS_UNTIL = 0.98;
    /** Producer threads, each sending its share one message at a time, as request threads of an application would. */
    private static final int SENDERS = 4;

    private static final int ENDPOINTS = 4;
    private static final Duration SLOW = Duration.ofMillis(200);
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)");

    /** One fault of the plan, struck once {@code share} of the messages are acknowledged. */
    private record Fault(double share, String what, Step step) {}

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    @Test
    void nothingIsLostAndTheHistoryMatchesTheReceiversWhenEveryFaultStrikesOneRun(
            TestServers servers, @TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        try (RestartableRedis redis = RestartableRedis.start(dir, RestartableRedis.Persistence.AOF_ALWAYS);
                WorkerFixture fixture = new WorkerFixture(servers.withRedis(redis.url()));
                TcpProxy postgres = proxyTo(fixture.servers.database().jdbcUrl());
                TestReceiver flaky = TestReceiver.scripted(
                        ENDPOINTS,
                        (request, earlier) -> Answer.status(
                                Math.floorMod(Objects.hash(request.webhookId(), earlier), 20) == 0 ? 503 : 200));
                TestReceiver slow = TestReceiver.scripted(
                        ENDPOINTS, (request, earlier) -> Answer.ok().after(SLOW));
                WorkerFleet fleet = new WorkerFleet(fixture, "soak", workerEnv(fixture, postgres))) {
            fleet.start(List.of("s1", "s2", "s3"));
            double perSecond = MESSAGES / (double) SENDING.toSeconds() / SENDERS;
            List<SendLoop> loops = IntStream.range(0, SENDERS)
                    .mapToObj(k -> SendLoop.paced(
                            fixture.producer,
                            MESSAGES / SENDERS + (k < MESSAGES % SENDERS ? 1 : 0),
                            perSecond,
                            i -> message(i * SENDERS + k, flaky, slow)))
                    .toList();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            long sendingSince = System.nanoTime();
            CompletableFuture<Void> postgresBack = new CompletableFuture<>();
            Step cutPostgresOff = () -> {
                postgres.block();
                CompletableFuture.delayedExecutor(POSTGRES_OUTAGE.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> {
                            postgres.unblock();
                            log.add(String.format("%.1f s PostgreSQL back", (System.nanoTime() - sendingSince) / 1e9));
                            postgresBack.complete(null);
                        });
            };
            for (Fault fault : plan(redis, cutPostgresOff, fleet, loops)) {
                await().atMost(SENDING.multipliedBy(5))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> acknowledged(loops) >= fault.share() * MESSAGES);
                long at = System.nanoTime();
                fault.step().run();
                log.add(String.format(
                        "%.1f s %s (%d ms)",
                        (at - sendingSince) / 1e9, fault.what(), (System.nanoTime() - at) / 1_000_000));
            }
            postgresBack.get(POSTGRES_OUTAGE.toSeconds() + 10, TimeUnit.SECONDS);
            fleet.awaitStarted();
            List<String> ids = new ArrayList<>();
            for (SendLoop loop : loops) {
                ids.addAll(loop.awaitAllAcknowledged(Duration.ofSeconds(120)));
            }
            long resent = loops.stream().mapToLong(SendLoop::failures).sum();
            QueueHistory history = new QueueHistory(fixture);
            await().atMost(Duration.ofSeconds(120 + MESSAGES / 100))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(history.finished())
                            .as("messages delivered or dead in the history")
                            .isEqualTo(MESSAGES));
            var check = hookshot(fixture.env(Map.of()), "check", "--pause", "100ms");
            fleet.stop();
            SoakAudit audit = SoakAudit.of(ids, history.messages(), history.attemptsById(), List.of(flaky, slow));
            System.err.printf(
                    "soak (seed %d, Redis %s): %s; %d sends failed and were sent again; %d messages, %d lost, %d dead,"
                            + " %d duplicates, %d stalled leases, %d attempt rows, %d misnumbered, %d requests, %d"
                            + " without an attempt row, %d attempt rows without a request; %d s in all%n",
                    SEED,
                    redis.version(),
                    String.join("; ", log),
                    resent,
                    audit.messages(),
                    audit.lost(),
                    audit.dead(),
                    audit.duplicates(),
                    audit.stalled(),
                    audit.attemptRows(),
                    audit.misnumbered(),
                    audit.requests(),
                    audit.requestsWithoutRow(),
                    audit.rowsWithoutRequest(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());

            assertThat(check.exit())
                    .as("hookshot check: %s%s", check.out(), check.err())
                    .isZero();
            assertThat(ids).hasSize(MESSAGES).doesNotHaveDuplicates();
            assertThat(resent).as("sends failed while Redis was down").isPositive();
            assertThat(audit.lost()).as("messages lost").isZero();
            assertThat(audit.stalled()).as("leases the killed workers held").isPositive();
            assertThat(audit.duplicates())
                    .as("duplicates are bounded by the deliveries in flight at the kills")
                    .isLessThanOrEqualTo(audit.stalled());
            assertThat(audit.misnumbered())
                    .as("messages without exactly one row per attempt")
                    .isZero();
            assertThat(audit.requestsWithoutRow())
                    .as("requests the history lacks")
                    .isZero();
            assertThat(audit.rowsWithoutRequest())
                    .as("attempt rows no receiver saw")
                    .isZero();
            assertThat(audit.requests()).isGreaterThanOrEqualTo(MESSAGES);
        }
    }

    /** The faults, in order: PostgreSQL cut off for a while, Redis killed and restarted, ten worker kills. */
    private static List<Fault> plan(
            RestartableRedis redis, Step cutPostgresOff, WorkerFleet fleet, List<SendLoop> loops) {
        Random random = new Random(SEED);
        List<Fault> plan = new ArrayList<>();
        plan.add(new Fault(POSTGRES_DOWN_AT, "PostgreSQL cut off", cutPostgresOff));
        plan.add(new Fault(REDIS_KILLED_AT, "Redis SIGKILLed and restarted", () -> {
            fleet.awaitStarted(); // a worker starting while Redis is down is another test's business
            redis.kill();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> loops.stream()
                            .allMatch(loop -> loop.failingFor().compareTo(REDIS_OUTAGE) >= 0 || loop.done()));
            redis.restart();
        }));
        for (int i = 0; i < WORKER_KILLS; i++) {
            double share = KILLS_FROM + random.nextDouble() * (KILLS_UNTIL - KILLS_FROM);
            int pick = random.nextInt(Integer.MAX_VALUE);
            plan.add(new Fault(share, "worker SIGKILLed and replaced", () -> {
                List<WorkerFleet.Member> live = fleet.live();
                WorkerFleet.Member victim = live.get(pick % live.size());
                fleet.replace(victim);
            }));
        }
        plan.sort(Comparator.comparingDouble(Fault::share));
        return plan;
    }

    private static long acknowledged(List<SendLoop> loops) {
        return loops.stream().mapToLong(loop -> loop.acknowledged().size()).sum();
    }

    /** The i-th message: even ones to the failing receiver, odd ones to the slow one, spread over their ports. */
    private static Message message(int i, TestReceiver flaky, TestReceiver slow) {
        TestReceiver to = i % 2 == 0 ? flaky : slow;
        return Message.builder(to.url(i / 2 % ENDPOINTS, "/soak/" + i))
                .payload("{\"i\":" + i + "}")
                .idempotencyKey("soak-" + i)
                .build();
    }

    private static Map<String, String> workerEnv(WorkerFixture fixture, TcpProxy postgres) {
        Matcher m = HOST_PORT.matcher(fixture.servers.database().jdbcUrl());
        return Map.of(
                WorkerConfig.DATABASE_URL, m.replaceFirst("//127.0.0.1:" + postgres.port()),
                WorkerConfig.CONCURRENCY, "16",
                WorkerConfig.ENDPOINT_CONCURRENCY, "64",
                WorkerConfig.LEASE, "4s",
                WorkerConfig.HTTP_TIMEOUT, "2s",
                WorkerConfig.REAP_INTERVAL, "500ms",
                WorkerConfig.RETRY_SCHEDULE, "100ms,200ms,400ms,800ms,1s,2s");
    }

    private static TcpProxy proxyTo(String jdbcUrl) {
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        assertThat(m.find()).as("host and port in %s", jdbcUrl).isTrue();
        return new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
    }
}
