package io.hookshot.worker.store;

import static io.hookshot.worker.store.ExporterFixture.LEASE;
import static io.hookshot.worker.store.ExporterFixture.PARTITIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.worker.queue.ClaimedJob;
import io.hookshot.worker.replay.ReplayOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The partitioned attempts (V8) with the real scripts and exporter: a batch exported again or by two exporters at
 * once still makes one row per attempt (its key includes started_at, which a record exported again repeats), and a
 * dead letter whose attempts retention dropped is replayed with the right attempt number.
 */
class PartitionedAttemptsExportIT {
    @RegisterExtension
    static final ExporterFixture exporters = new ExporterFixture();

    private static final String ATTEMPTS_PER_KEY = """
            select count(*) from hookshot_attempt where message_id = any(:ids)
             group by message_id, attempt having count(*) > 1""";

    @Test
    void theSameBatchExportedTwiceAndByTwoExportersAtOnceMakesOneRowPerAttempt() throws Exception {
        ThreeJobs once = exporters.threeJobs();
        List<OutboxEntry> batch = readAll(once, "worker-a");
        exporters.store.write(batch);
        exporters.store.write(batch);
        assertThat(exporters.rowCount(once)).isEqualTo(3 + 4 + 1);

        ThreeJobs racing = exporters.threeJobs();
        List<OutboxEntry> same = readAll(racing, "worker-b");
        Callable<List<OutboxEntry>> write = () -> exporters.store.write(same);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<List<OutboxEntry>> a = two.submit(write);
            Future<List<OutboxEntry>> b = two.submit(write);
            assertThat(a.get()).hasSameSizeAs(same);
            assertThat(b.get()).hasSameSizeAs(same);
        } finally {
            two.shutdownNow();
        }
        assertThat(exporters.rowCount(racing)).isEqualTo(3 + 4 + 1);
        List<String> ids = new ArrayList<>();
        for (ThreeJobs s : List.of(once, racing)) {
            s.all().forEach(j -> ids.add(j.id().value()));
        }
        List<Long> repeated;
        try (Handle h = exporters.database.jdbi().open()) {
            repeated = h.createQuery(ATTEMPTS_PER_KEY)
                    .bindArray("ids", String.class, ids)
                    .mapTo(Long.class)
                    .list();
        }
        assertThat(repeated).as("attempts stored more than once").isEmpty();
    }

    @Test
    void aDeadLetterWhoseAttemptsWereDroppedIsReplayedAsTheNextAttempt() {
        ThreeJobs s = exporters.threeJobs();
        String dead = s.dead.id().value();
        exporters.store.write(readAll(s, "worker-c"));
        assertThat(exporters.store.attempts(dead)).hasSize(1);

        List<String> dropped;
        try (Handle h = exporters.database.jdbi().open()) {
            dropped = DayPartitions.ATTEMPTS.dropExpired(h, Instant.now().plus(Duration.ofDays(1)));
        }
        assertThat(dropped).as("the partition holding today's attempts").contains(DayPartitions.ATTEMPTS.legacy());
        assertThat(exporters.store.attempts(dead)).isEmpty();
        assertThat(exporters.store.findDeadLetter(dead)).isPresent();

        ReplayOutcome outcome = exporters.replayer(s.queueName).replay(dead, Optional.empty());

        assertThat(outcome)
                .isEqualTo(new ReplayOutcome.Replayed(dead, s.dead.url().toString(), 2));
        List<ClaimedJob> claimed = s.queue.claimAll(LEASE);
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(dead);
        assertThat(claimed.getFirst().attempt()).isEqualTo(2);
    }

    private static List<OutboxEntry> readAll(ThreeJobs s, String consumer) {
        RedisOutbox outbox = new RedisOutbox(exporters.redisson, s.queueName, PARTITIONS);
        List<OutboxEntry> entries = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            outbox.entries().create(p);
            entries.addAll(outbox.entries().readNew(p, consumer, 100));
        }
        assertThat(entries).hasSize(s.records());
        return entries;
    }
}
