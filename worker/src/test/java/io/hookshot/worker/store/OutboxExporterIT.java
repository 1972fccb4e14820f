package io.hookshot.worker.store;

import static io.hookshot.worker.store.ExporterFixture.LEASE;
import static io.hookshot.worker.store.ExporterFixture.PARTITIONS;
import static io.hookshot.worker.store.ExporterFixture.SETTINGS;
import static io.hookshot.worker.store.ExporterFixture.drain;
import static io.hookshot.worker.store.ExporterFixture.queueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Job;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.ClaimedJob;
import io.hookshot.worker.replay.ReplayOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox exporter writing the history exactly once: every record exported and acknowledged, a batch replayed
 * after a crash adds no rows, a replayed dead letter is left alone, a dead exporter's pending entries are taken
 * over, and the background loop. {@link OutboxExporterAttemptsIT} covers stalled and released attempts,
 * {@link OutboxExporterFaultsIT} a database that is down or refuses an entry.
 */
class OutboxExporterIT {
    @RegisterExtension
    static final ExporterFixture exporters = new ExporterFixture();

    @Test
    void exportsEveryRecordAndEmptiesTheOutbox() {
        ThreeJobs s = exporters.threeJobs();
        exporters.redisson.getScript().scriptFlush(); // the first archive call must load the script itself
        OutboxExporter exporter = exporters.exporter(s, exporters.store, "worker-a", SETTINGS);

        assertThat(drain(exporter)).isEqualTo(s.records());

        exporters.assertDelivered(s.delivered, 1);
        exporters.assertDelivered(s.retriedThenDelivered, 2);
        assertThat(exporters.store.attempts(s.retriedThenDelivered.id().value()))
                .extracting(AttemptView::outcome)
                .containsExactly(MessageStatus.RETRYING, MessageStatus.DELIVERED);
        exporters.assertArchived(s);
        assertThat(s.queue.outboxLength()).isZero();
        assertThat(s.queue.pendingExports()).isZero();
        assertThat(exporter.lag()).isZero();
    }

    @Test
    void replayingABatchCommittedButNotAcknowledgedAddsNoRows() {
        ThreeJobs s = exporters.threeJobs();
        RedisOutbox crashed = new RedisOutbox(exporters.redisson, s.queueName, PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            crashed.entries().create(p);
            // committed, then "crashed" before the ack
            exporters.store.write(crashed.entries().readNew(p, "worker-crashed", 100));
        }
        long rows = exporters.rowCount(s);
        assertThat(s.queue.pendingExports()).isEqualTo(s.records());

        OutboxExporter successor =
                exporters.exporter(s, exporters.store, "worker-c", SETTINGS.withClaimIdle(Duration.ZERO));
        assertThat(drain(successor)).isEqualTo(s.records());

        assertThat(exporters.rowCount(s)).isEqualTo(rows).isEqualTo(3 + 4 + 1);
        exporters.assertArchived(s);
        assertThat(s.queue.outboxLength()).isZero();
        assertThat(s.queue.pendingExports()).isZero();
    }

    @Test
    void aDeadRecordExportedAgainAfterItsMessageWasReplayedLeavesTheReplayAlone() {
        ThreeJobs s = exporters.threeJobs();
        String dead = s.dead.id().value();
        RedisOutbox crashed = new RedisOutbox(exporters.redisson, s.queueName, PARTITIONS);
        List<OutboxEntry> committed = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            crashed.entries().create(p);
            // then "crashed" before the ack
            committed.addAll(exporters.store.write(crashed.entries().readNew(p, "worker-crashed", 100)));
        }
        assertThat(exporters.store.findDeadLetter(dead)).isPresent();
        assertThat(exporters.replayer(s.queueName).replay(dead, Optional.empty()))
                .isInstanceOf(ReplayOutcome.Replayed.class);

        OutboxExporter successor =
                exporters.exporter(s, exporters.store, "worker-j", SETTINGS.withClaimIdle(Duration.ZERO));
        assertThat(drain(successor))
                .as("the batch again, and the replay's accepted record")
                .isEqualTo(s.records() + 1);

        assertThat(exporters.store.findMessage(dead).orElseThrow().status())
                .as("the replayed message")
                .isEqualTo(MessageStatus.PENDING);
        assertThat(exporters.store.findDeadLetter(dead))
                .as("its dead letter, deleted by the replay")
                .isEmpty();
        assertThat(s.queue.jobHashExists(s.dead) && !s.queue.isDeadInRedis(s.dead))
                .as("its job, ready again")
                .isTrue();
        exporters.assertDelivered(s.delivered, 1);

        // The replayed series goes on (attempt 2 fails), then the old dead record arrives once more.
        ClaimedJob second = s.queue.claimAll(LEASE).getFirst();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(s.queue.settle(second, MessageStatus.RETRYING, ScriptedQueue.attempt(s.dead, 503, null), "", LEASE))
                .isEqualTo(1);
        drain(successor);
        exporters.store.write(committed);

        assertThat(exporters.store.findMessage(dead).orElseThrow()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.RETRYING);
            assertThat(m.attempts()).isEqualTo(2);
        });
        assertThat(exporters.store.findDeadLetter(dead)).isEmpty();
    }

    @Test
    void takesOverWhatADeadExporterLeftPendingOnceItIsIdleLongEnough() {
        ThreeJobs s = exporters.threeJobs();
        RedisOutbox dead = new RedisOutbox(exporters.redisson, s.queueName, PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            dead.entries().create(p);
            dead.entries().readNew(p, "worker-dead", 100); // read, then the process died
        }
        ExporterSettings settings =
                SETTINGS.withClaimIdle(Duration.ofMillis(500)).withIdlePollInterval(Duration.ofMillis(10));
        try (OutboxExporter survivor = exporters.exporter(s, exporters.store, "worker-survivor", settings)) {
            survivor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> survivor.lag() == 0);
        }
        exporters.assertDelivered(s.delivered, 1);
        exporters.assertDelivered(s.retriedThenDelivered, 2);
        exporters.assertArchived(s);
        assertThat(s.queue.pendingExports()).isZero();
    }

    @Test
    void exportsInTheBackgroundUntilClosed() {
        ScriptedQueue queue = new ScriptedQueue(exporters.redisson, TestServers.newQueue(), 2);
        Job job = ScriptedQueue.newJob("https://background.example.com/");
        String queueName = queueName(queue, job);
        try (OutboxExporter exporter = new OutboxExporter(
                exporters.redisson,
                queueName,
                2,
                exporters.store,
                "worker-f",
                SETTINGS.withIdlePollInterval(Duration.ofMillis(10)))) {
            exporter.start();
            queue.enqueue(job);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exporters.store.findMessage(job.id().value()).isPresent());
            await().atMost(Duration.ofSeconds(10)).until(() -> exporter.lag() == 0);
        }
    }
}
