package io.hookshot.worker.store;

import static io.hookshot.worker.store.ExporterFixture.CLOCK_SLACK;
import static io.hookshot.worker.store.ExporterFixture.LEASE;
import static io.hookshot.worker.store.ExporterFixture.SETTINGS;
import static io.hookshot.worker.store.ExporterFixture.drain;
import static io.hookshot.worker.store.ExporterFixture.queueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.ClaimedJob;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Attempts that end without an answer in the history: stalled (lease expired and reaped) and released. */
class OutboxExporterAttemptsIT {
    @RegisterExtension
    static final ExporterFixture exporters = new ExporterFixture();

    @Test
    void exportsStalledAndReleasedAttempts() {
        ScriptedQueue queue = new ScriptedQueue(exporters.redisson, TestServers.newQueue(), 2);
        Job job = queue.enqueue(ScriptedQueue.newJob("https://stalls.example.com/hook"));
        assertThat(queue.claimAll(Duration.ofMillis(1))).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.reapAll(5) == 1);
        assertThat(queue.release(queue.claimAll(LEASE).getFirst())).isEqualTo(1);
        ClaimedJob third = queue.claimAll(LEASE).getFirst();
        assertThat(queue.settle(third, MessageStatus.DELIVERED, ScriptedQueue.attempt(job, 200, null), "", LEASE))
                .isEqualTo(1);
        Job doomed = queue.enqueue(ScriptedQueue.newJob("https://doomed.example.com/hook"));
        assertThat(queue.claimAll(Duration.ofMillis(1))).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.reapAll(0) == 1);

        OutboxExporter exporter =
                new OutboxExporter(exporters.redisson, queueName(queue, job), 2, exporters.store, "worker-h", SETTINGS);
        assertThat(drain(exporter)).isEqualTo(2 + 3 + 1); // two accepted, three attempts of job, one death

        assertThat(exporters.store.attempts(job.id().value()))
                .extracting(AttemptView::errorClass)
                .containsExactly("stalled", "released", null);
        assertThat(exporters.store.attempts(job.id().value()))
                .extracting(AttemptView::url)
                .containsOnly(job.url().toString());
        exporters.assertDelivered(job, 3);
        DeadLetterView dead =
                exporters.store.findDeadLetter(doomed.id().value()).orElseThrow();
        assertThat(dead.url()).isEqualTo(doomed.url().toString());
        assertThat(dead.reason()).startsWith("stalled 1 times");
        assertThat(dead.job()).isEqualTo(JobCodec.encode(doomed));
        assertThat(queue.isDeadInRedis(doomed)).isFalse();
        assertThat(queue.jobHashExists(doomed)).isFalse();
    }

    @Test
    void aStalledAttemptLastsFromItsClaimUntilItsLeaseWasFoundExpired() {
        ScriptedQueue queue = new ScriptedQueue(exporters.redisson, TestServers.newQueue(), 1);
        Job job = queue.enqueue(ScriptedQueue.newJob("https://claimed.example.com/hook"));
        Duration lease = Duration.ofMillis(300);
        Instant beforeClaim = Instant.now();
        assertThat(queue.claimAll(lease)).hasSize(1);
        Instant afterClaim = Instant.now();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> queue.reapAll(5) == 1);
        Instant afterReap = Instant.now();

        drain(new OutboxExporter(exporters.redisson, queueName(queue, job), 1, exporters.store, "worker-i", SETTINGS));

        AttemptView stalled = exporters.store.attempts(job.id().value()).getFirst();
        Instant foundExpired =
                exporters.store.findMessage(job.id().value()).orElseThrow().updatedAt();
        assertThat(stalled.errorClass()).isEqualTo("stalled");
        assertThat(stalled.startedAt())
                .as("the claim's time (Redis server clock, same host)")
                .isBetween(beforeClaim.minus(CLOCK_SLACK), afterClaim.plus(CLOCK_SLACK));
        assertThat(stalled.startedAt().plusMillis(stalled.durationMs()))
                .as("the reap's time")
                .isEqualTo(foundExpired);
        assertThat(Duration.ofMillis(stalled.durationMs()))
                .isGreaterThanOrEqualTo(lease)
                .isLessThanOrEqualTo(Duration.between(beforeClaim, afterReap).plus(CLOCK_SLACK));
    }
}
