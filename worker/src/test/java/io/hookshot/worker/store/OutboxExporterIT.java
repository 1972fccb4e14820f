package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.Outbox;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.replay.DeadLetterReplayer;
import io.hookshot.worker.replay.ReplayOutcome;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.slf4j.LoggerFactory;

@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxExporterIT {
    private static final int PARTITIONS = 4;
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final ExporterSettings SETTINGS = ExporterSettings.defaults();
    /** Redis's clock and this JVM's are the host's; the scripts keep whole milliseconds. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(5);

    private String redisUrl;
    private TestDatabase testDatabase;
    private Database database;
    private HistoryStore store;
    private RedissonClient redisson;

    @BeforeAll
    void open(TestServers servers) {
        redisUrl = servers.redisUrl();
        testDatabase = servers.database();
        database = new Database(testDatabase.jdbcUrl(), testDatabase.user(), testDatabase.password(), 2);
        database.migrate();
        store = new HistoryStore(database);
        redisson = RedissonClients.create(redisUrl);
    }

    @AfterAll
    void close() {
        redisson.shutdown();
        database.close();
    }

    @Test
    void exportsEveryRecordAndEmptiesTheOutbox() {
        ThreeJobs s = new ThreeJobs(redisson, TestServers.newQueue(), PARTITIONS);
        redisson.getScript().scriptFlush(); // the first archive call must load the script itself
        OutboxExporter exporter = exporter(s, store, "worker-a", SETTINGS);

        assertThat(drain(exporter)).isEqualTo(s.records());

        assertDelivered(s.delivered, 1);
        assertDelivered(s.retriedThenDelivered, 2);
        assertThat(store.attempts(s.retriedThenDelivered.id().value())).extracting(AttemptView::outcome)
                .containsExactly(MessageStatus.RETRYING, MessageStatus.DELIVERED);
        assertArchived(s);
        assertThat(s.queue.outboxLength()).isZero();
        assertThat(s.queue.pendingExports()).isZero();
        assertThat(exporter.lag()).isZero();
    }

    @Test
    void acknowledgesNothingWhilePostgresIsDownAndWritesEverythingOnceAfter() throws IOException {
        ThreeJobs s = new ThreeJobs(redisson, TestServers.newQueue(), PARTITIONS);
        String closedPort = "jdbc:postgresql://127.0.0.1:" + TestRedis.freePort() + "/postgres";
        try (Database down = new Database(closedPort, "postgres", "", 1)) {
            OutboxExporter exporter = exporter(s, new HistoryStore(down), "worker-b", SETTINGS);

            assertThatThrownBy(exporter::drainOnce).isInstanceOf(HistoryWriteException.class)
                    .hasMessageContaining("SQLSTATE 08");
        }
        assertThat(s.queue.outboxLength()).isEqualTo(s.records());
        assertThat(s.queue.isDeadInRedis(s.dead)).isTrue();
        assertThat(store.findMessage(s.delivered.id().value())).isEmpty();

        // Restarted under the same worker id, it first exports what it had read before.
        assertThat(drain(exporter(s, store, "worker-b", SETTINGS))).isEqualTo(s.records());

        assertDelivered(s.delivered, 1);
        assertDelivered(s.retriedThenDelivered, 2);
        assertArchived(s);
        assertThat(rowCount(s)).isEqualTo(3 + 4 + 1);
        assertThat(s.queue.outboxLength()).isZero();
        assertThat(s.queue.pendingExports()).isZero();
    }

    @Test
    void replayingABatchCommittedButNotAcknowledgedAddsNoRows() {
        ThreeJobs s = new ThreeJobs(redisson, TestServers.newQueue(), PARTITIONS);
        RedisOutbox crashed = new RedisOutbox(redisson, s.queueName, PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            crashed.createGroup(p);
            store.write(crashed.readNew(p, "worker-crashed", 100)); // committed, then "crashed" before the ack
        }
        long rows = rowCount(s);
        assertThat(s.queue.pendingExports()).isEqualTo(s.records());

        OutboxExporter successor = exporter(s, store, "worker-c", SETTINGS.withClaimIdle(Duration.ZERO));
        assertThat(drain(successor)).isEqualTo(s.records());

        assertThat(rowCount(s)).isEqualTo(rows).isEqualTo(3 + 4 + 1);
        assertArchived(s);
        assertThat(s.queue.outboxLength()).isZero();
        assertThat(s.queue.pendingExports()).isZero();
    }

    @Test
    void aDeadRecordExportedAgainAfterItsMessageWasReplayedLeavesTheReplayAlone() {
        ThreeJobs s = new ThreeJobs(redisson, TestServers.newQueue(), PARTITIONS);
        String dead = s.dead.id().value();
        RedisOutbox crashed = new RedisOutbox(redisson, s.queueName, PARTITIONS);
        List<OutboxEntry> committed = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            crashed.createGroup(p);
            committed.addAll(store.write(crashed.readNew(p, "worker-crashed", 100))); // then "crashed" before the ack
        }
        assertThat(store.findDeadLetter(dead)).isPresent();
        try (HookshotProducer producer = HookshotProducer.create(ProducerConfig.fromEnvironment(Map.of(
                ProducerConfig.ENV_REDIS_URL, redisUrl, ProducerConfig.ENV_QUEUE, s.queueName,
                ProducerConfig.ENV_PARTITIONS, Integer.toString(PARTITIONS))))) {
            assertThat(new DeadLetterReplayer(database, redisson, producer).replay(dead, Optional.empty()))
                    .isInstanceOf(ReplayOutcome.Replayed.class);
        }

        OutboxExporter successor = exporter(s, store, "worker-j", SETTINGS.withClaimIdle(Duration.ZERO));
        assertThat(drain(successor)).as("the batch again, and the replay's accepted record").isEqualTo(s.records() + 1);

        assertThat(store.findMessage(dead).orElseThrow().status()).as("the replayed message")
                .isEqualTo(MessageStatus.PENDING);
        assertThat(store.findDeadLetter(dead)).as("its dead letter, deleted by the replay").isEmpty();
        assertThat(s.queue.jobHashExists(s.dead) && !s.queue.isDeadInRedis(s.dead)).as("its job, ready again")
                .isTrue();
        assertDelivered(s.delivered, 1);

        // The replayed series goes on (attempt 2 fails), then the old dead record arrives once more.
        ScriptedQueue.Claimed second = s.queue.claimAll(LEASE).getFirst();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(s.queue.settle(second, MessageStatus.RETRYING, ScriptedQueue.attempt(s.dead, 503, null), "",
                LEASE)).isEqualTo(1);
        drain(successor);
        store.write(committed);

        assertThat(store.findMessage(dead).orElseThrow()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.RETRYING);
            assertThat(m.attempts()).isEqualTo(2);
        });
        assertThat(store.findDeadLetter(dead)).isEmpty();
    }

    @Test
    void takesOverWhatADeadExporterLeftPendingOnceItIsIdleLongEnough() {
        ThreeJobs s = new ThreeJobs(redisson, TestServers.newQueue(), PARTITIONS);
        RedisOutbox dead = new RedisOutbox(redisson, s.queueName, PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            dead.createGroup(p);
            dead.readNew(p, "worker-dead", 100); // read, then the process died
        }
        ExporterSettings settings = SETTINGS.withClaimIdle(Duration.ofMillis(500))
                .withIdlePollInterval(Duration.ofMillis(10));
        try (OutboxExporter survivor = exporter(s, store, "worker-survivor", settings)) {
            survivor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> survivor.lag() == 0);
        }
        assertDelivered(s.delivered, 1);
        assertDelivered(s.retriedThenDelivered, 2);
        assertArchived(s);
        assertThat(s.queue.pendingExports()).isZero();
    }

    @Test
    void exportsStalledAndReleasedAttempts() {
        ScriptedQueue queue = new ScriptedQueue(redisson, TestServers.newQueue(), 2);
        Job job = queue.enqueue(ScriptedQueue.newJob("https://stalls.example.com/hook"));
        assertThat(queue.claimAll(Duration.ofMillis(1))).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.reapAll(5) == 1);
        assertThat(queue.release(queue.claimAll(LEASE).getFirst())).isEqualTo(1);
        ScriptedQueue.Claimed third = queue.claimAll(LEASE).getFirst();
        assertThat(queue.settle(third, MessageStatus.DELIVERED, ScriptedQueue.attempt(job, 200, null), "", LEASE))
                .isEqualTo(1);
        Job doomed = queue.enqueue(ScriptedQueue.newJob("https://doomed.example.com/hook"));
        assertThat(queue.claimAll(Duration.ofMillis(1))).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.reapAll(0) == 1);

        OutboxExporter exporter = new OutboxExporter(redisson, queueName(queue, job), 2, store, "worker-h",
                SETTINGS);
        assertThat(drain(exporter)).isEqualTo(2 + 3 + 1); // two accepted, three attempts of job, one death

        assertThat(store.attempts(job.id().value())).extracting(AttemptView::errorClass)
                .containsExactly("stalled", "released", null);
        assertThat(store.attempts(job.id().value())).extracting(AttemptView::url)
                .containsOnly(job.url().toString());
        assertDelivered(job, 3);
        DeadLetterView dead = store.findDeadLetter(doomed.id().value()).orElseThrow();
        assertThat(dead.url()).isEqualTo(doomed.url().toString());
        assertThat(dead.reason()).startsWith("stalled 1 times");
        assertThat(dead.job()).isEqualTo(JobCodec.encode(doomed));
        assertThat(queue.isDeadInRedis(doomed)).isFalse();
        assertThat(queue.jobHashExists(doomed)).isFalse();
    }

    @Test
    void aStalledAttemptLastsFromItsClaimUntilItsLeaseWasFoundExpired() {
        ScriptedQueue queue = new ScriptedQueue(redisson, TestServers.newQueue(), 1);
        Job job = queue.enqueue(ScriptedQueue.newJob("https://claimed.example.com/hook"));
        Duration lease = Duration.ofMillis(300);
        Instant beforeClaim = Instant.now();
        assertThat(queue.claimAll(lease)).hasSize(1);
        Instant afterClaim = Instant.now();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> queue.reapAll(5) == 1);
        Instant afterReap = Instant.now();

        drain(new OutboxExporter(redisson, queueName(queue, job), 1, store, "worker-i", SETTINGS));

        AttemptView stalled = store.attempts(job.id().value()).getFirst();
        Instant foundExpired = store.findMessage(job.id().value()).orElseThrow().updatedAt();
        assertThat(stalled.errorClass()).isEqualTo("stalled");
        assertThat(stalled.startedAt()).as("the claim's time (Redis server clock, same host)")
                .isBetween(beforeClaim.minus(CLOCK_SLACK), afterClaim.plus(CLOCK_SLACK));
        assertThat(stalled.startedAt().plusMillis(stalled.durationMs())).as("the reap's time").isEqualTo(foundExpired);
        assertThat(Duration.ofMillis(stalled.durationMs())).isGreaterThanOrEqualTo(lease)
                .isLessThanOrEqualTo(Duration.between(beforeClaim, afterReap).plus(CLOCK_SLACK));
    }

    @Test
    void skipsEntriesItCannotReadWithoutBlockingTheStream() {
        ScriptedQueue queue = new ScriptedQueue(redisson, TestServers.newQueue(), 1);
        Job job = queue.enqueue(ScriptedQueue.newJob("https://poison.example.com/"));
        queue.outbox(0).add(StreamAddArgs.entries(Map.of(Outbox.TYPE, "exploded", Outbox.ID, "x")));
        queue.outbox(0).add(StreamAddArgs.entries(Map.of(Outbox.TYPE, Outbox.ATTEMPT, Outbox.ID, "y",
                Outbox.ATTEMPT_NO, "1", Outbox.OUTCOME, "delivered", Outbox.DATA, "{oops", Outbox.AT, "1")));
        long skippedBefore = store.skippedEntries();

        OutboxExporter exporter = new OutboxExporter(redisson, queueName(queue, job), 1, store, "worker-d", SETTINGS);
        assertThat(drain(exporter)).isEqualTo(3);

        assertThat(store.skippedEntries() - skippedBefore).isEqualTo(2);
        assertThat(store.findMessage(job.id().value())).isPresent();
        assertThat(queue.outboxLength()).isZero();
    }

    @Test
    void dropsOnlyTheEntryPostgresRefuses() {
        ScriptedQueue queue = new ScriptedQueue(redisson, TestServers.newQueue(), 1);
        Job good = queue.enqueue(ScriptedQueue.newJob("https://good.example.com/"));
        AttemptRecord data = ScriptedQueue.attempt(good, 500, null);
        queue.outbox(0).add(StreamAddArgs.entries(Map.of(Outbox.TYPE, Outbox.ATTEMPT, Outbox.ID, "msg_nul",
                Outbox.ATTEMPT_NO, "1", Outbox.OUTCOME, "dead", Outbox.DATA, data.toJson(), Outbox.REASON, "no",
                Outbox.JOB, "a raw \u0000 in a job", Outbox.AT, "1")));
        Job after = queue.enqueue(ScriptedQueue.newJob("https://after.example.com/"));

        OutboxExporter exporter = new OutboxExporter(redisson, queueName(queue, good), 1, store, "worker-e",
                SETTINGS);
        assertThat(drain(exporter)).isEqualTo(3);

        assertThat(exporter.rejectedEntries()).isEqualTo(1);
        assertThat(store.findMessage(good.id().value())).isPresent();
        assertThat(store.findMessage(after.id().value())).isPresent();
        assertThat(store.findDeadLetter("msg_nul")).isEmpty();
        assertThat(queue.outboxLength()).isZero();
    }

    @Test
    void exportsInTheBackgroundUntilClosed() {
        ScriptedQueue queue = new ScriptedQueue(redisson, TestServers.newQueue(), 2);
        Job job = ScriptedQueue.newJob("https://background.example.com/");
        String queueName = queueName(queue, job);
        try (OutboxExporter exporter = new OutboxExporter(redisson, queueName, 2, store, "worker-f",
                SETTINGS.withIdlePollInterval(Duration.ofMillis(10)))) {
            exporter.start();
            queue.enqueue(job);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.findMessage(job.id().value()).isPresent());
            await().atMost(Duration.ofSeconds(10)).until(() -> exporter.lag() == 0);
        }
    }

    @Test
    void logsAnOutageOnceAndCatchesUpWhenPostgresReturns() {
        ThreeJobs s = new ThreeJobs(redisson, TestServers.newQueue(), PARTITIONS);
        ListAppender<ILoggingEvent> log = captureLog();
        URI target = URI.create(testDatabase.jdbcUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
             Database viaProxy = new Database(testDatabase.jdbcUrl().replace(target.getRawAuthority(),
                     "127.0.0.1:" + proxy.port()), testDatabase.user(), testDatabase.password(), 2);
             OutboxExporter exporter = exporter(s, new HistoryStore(viaProxy), "worker-g", SETTINGS)) {
            proxy.block();
            exporter.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> warnings(log) > 0);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> exporter.lag() == s.records() && warnings(log) == 1);

            proxy.unblock();
            await().atMost(Duration.ofSeconds(20)).until(() -> exporter.lag() == 0);
        } finally {
            ((Logger) LoggerFactory.getLogger(OutboxExporter.class)).detachAppender(log);
        }
        assertDelivered(s.delivered, 1);
        assertDelivered(s.retriedThenDelivered, 2);
        assertArchived(s);
        assertThat(rowCount(s)).isEqualTo(3 + 4 + 1);
        assertThat(List.copyOf(log.list)).filteredOn(e -> e.getFormattedMessage().startsWith("history caught up"))
                .hasSize(1);
    }

    private OutboxExporter exporter(ThreeJobs s, HistoryStore history, String consumer, ExporterSettings settings) {
        return new OutboxExporter(redisson, s.queueName, PARTITIONS, history, consumer, settings);
    }

    private void assertDelivered(Job job, int attempts) {
        MessageView message = store.findMessage(job.id().value()).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(message.attempts()).isEqualTo(attempts);
        assertThat(message.url()).isEqualTo(job.url().toString());
        assertThat(message.createdAt()).isEqualTo(job.createdAt());
        assertThat(store.attempts(job.id().value())).hasSize(attempts);
    }

    private void assertArchived(ThreeJobs s) {
        DeadLetterView dead = store.findDeadLetter(s.dead.id().value()).orElseThrow();
        assertThat(dead.job()).isEqualTo(JobCodec.encode(s.dead));
        assertThat(dead.reason()).isEqualTo("receiver said 410");
        assertThat(store.findMessage(s.dead.id().value()).orElseThrow().status()).isEqualTo(MessageStatus.DEAD);
        assertThat(s.queue.isDeadInRedis(s.dead)).isFalse();
        assertThat(s.queue.jobHashExists(s.dead)).isFalse();
    }

    private long rowCount(ThreeJobs s) {
        List<String> ids = s.all().stream().map(job -> job.id().value()).toList();
        return database.jdbi().withHandle(h -> h.createQuery("""
                        select (select count(*) from hookshot_message where id = any(:ids))
                             + (select count(*) from hookshot_attempt where message_id = any(:ids))
                             + (select count(*) from hookshot_dead_letter where message_id = any(:ids))""")
                .bindArray("ids", String.class, ids).mapTo(Long.class).one());
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(OutboxExporter.class)).addAppender(appender);
        return appender;
    }

    private static long warnings(ListAppender<ILoggingEvent> log) {
        return List.copyOf(log.list).stream()
                .filter(e -> e.getFormattedMessage().startsWith("history waiting")).count();
    }

    /** Passes until one finds nothing; returns how many entries were exported. */
    private static int drain(OutboxExporter exporter) {
        int total = 0;
        for (int exported = exporter.drainOnce(); exported > 0; exported = exporter.drainOnce()) {
            total += exported;
        }
        return total;
    }

    private static String queueName(ScriptedQueue queue, Job job) {
        return queue.keysOf(job).queue();
    }
}
