package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.worker.e2e.fixtures.KilledWorkerSettings;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.LongSummaryStatistics;

/**
 * Scenario 1 of the queue design, shared by {@link WorkerKillIT} (one Redis) and {@link ClusterWorkerKillIT} (a Redis
 * Cluster): a worker JVM killed with SIGKILL mid-delivery loses nothing; another worker delivers its jobs after the
 * lease; duplicates are bounded by the leases the killed worker held; each of those leases is in the history as a
 * stalled attempt from its claim, before the kill, until it was found expired, after it; the queue's invariants hold
 * afterwards.
 */
final class WorkerKillScenario {
    private static final int MESSAGES = 40;
    /** Redis's clock and this JVM's are the host's; the scripts keep whole milliseconds. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(5);

    private WorkerKillScenario() {}

    /** A receiver slow enough (700 ms an answer) that a worker has deliveries in flight when it is killed. */
    static TestReceiver slowReceiver() {
        return TestReceiver.answering(Answer.ok().after(Duration.ofMillis(700)));
    }

    /** Sends {@value #MESSAGES} messages, spread round-robin over {@code receivers}, and plays the scenario. */
    static void jobsOfAKilledWorkerAreDeliveredByAnotherAfterTheLease(
            WorkerFixture fixture, List<TestReceiver> receivers) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            TestReceiver receiver = receivers.get(i % receivers.size());
            ids.add(fixture.producer
                    .send(Message.builder(receiver.url("/k/" + i)).payload("{}").build())
                    .value());
        }
        Instant killedAt;
        List<String> inFlightAtKill;
        try (WorkerProcess doomed =
                new WorkerProcess("killed-worker", fixture.env(KilledWorkerSettings.named("doomed")))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> received(receivers).size() >= 12);
            inFlightAtKill = received(receivers).stream()
                    .map(TestReceiver.Receipt::webhookId)
                    .filter(id -> !isDelivered(fixture, id))
                    .toList();
            doomed.kill();
            killedAt = Instant.now();
            assertThat(doomed.isAlive()).isFalse();
        }

        Worker survivor = Worker.start(fixture.config(KilledWorkerSettings.named("survivor")));
        try {
            fixture.awaitFinal(ids, Duration.ofSeconds(60));
        } finally {
            survivor.close();
        }

        fixture.assertDeliveredOrArchived(ids);
        assertThat(fixture.countWithStatus(ids, MessageStatus.DELIVERED)).isEqualTo(ids.size());
        List<String> stalled = ids.stream()
                .filter(id -> fixture.history.attempts(id).stream().anyMatch(a -> "stalled".equals(a.errorClass())))
                .toList();
        long backAfterMs = stalled.stream()
                .mapToLong(id -> {
                    List<AttemptView> attempts = fixture.history.attempts(id);
                    return Duration.between(killedAt, attempts.getLast().startedAt())
                            .toMillis();
                })
                .max()
                .orElse(0);
        long duplicates =
                receivers.stream().mapToLong(TestReceiver::repeatedRequests).sum();
        System.err.printf(
                "worker kill (%d receivers): the killed worker held %d leases (concurrency 8, the rest"
                        + " awaiting their acknowledgement); all %d delivered; the last came back %d ms after the kill (lease"
                        + " 4 s); %d duplicate requests%n",
                receivers.size(), stalled.size(), ids.size(), backAfterMs, duplicates);
        assertThat(stalled).as("jobs leased by the killed worker").isNotEmpty();
        assertThat(duplicates)
                .as("duplicates are bounded by the jobs the killed worker held leases on")
                .isLessThanOrEqualTo(stalled.size());
        assertThat(inFlightAtKill).isNotEmpty();
        assertStalledFromClaimUntilFoundExpired(fixture, stalled, killedAt, receivers);
        assertThat(fixture.inspect().violations()).isEmpty();
    }

    /**
     * Each stalled attempt started when the killed worker claimed the job: before the kill, and before the receiver
     * saw that attempt's request. It lasted until a reaper found the lease expired: at least half a lease after the
     * kill, since the killed worker renewed its leases every third of a lease.
     */
    private static void assertStalledFromClaimUntilFoundExpired(
            WorkerFixture fixture, List<String> stalled, Instant killedAt, List<TestReceiver> receivers) {
        List<AttemptView> attempts = stalled.stream()
                .map(id -> fixture.history.attempts(id).stream()
                        .filter(a -> "stalled".equals(a.errorClass()))
                        .findFirst()
                        .orElseThrow())
                .toList();
        LongSummaryStatistics claimedBefore = attempts.stream()
                .mapToLong(a -> Duration.between(a.startedAt(), killedAt).toMillis())
                .summaryStatistics();
        IntSummaryStatistics lasting =
                attempts.stream().mapToInt(AttemptView::durationMs).summaryStatistics();
        System.err.printf(
                "  stalled attempts: claimed %d to %d ms before the kill, lasting %d to %d ms%n",
                claimedBefore.getMin(), claimedBefore.getMax(), lasting.getMin(), lasting.getMax());
        for (AttemptView attempt : attempts) {
            String id = attempt.messageId();
            Instant foundExpired = attempt.startedAt().plusMillis(attempt.durationMs());
            assertThat(attempt.startedAt())
                    .as(
                            "stalled attempt %d of %s started at its claim, before the kill at %s",
                            attempt.attempt(), id, killedAt)
                    .isBefore(killedAt);
            assertThat(foundExpired)
                    .as(
                            "stalled attempt %d of %s (%d ms) lasted until its lease was found expired",
                            attempt.attempt(), id, attempt.durationMs())
                    .isAfter(killedAt.plus(KilledWorkerSettings.LEASE.dividedBy(2)));
            receivers.stream()
                    .flatMap(r -> r.receivedFor(id).stream())
                    .map(TestReceiver.Receipt::at)
                    .filter(at -> at.isBefore(killedAt))
                    .min(Instant::compareTo)
                    .ifPresent(requested -> assertThat(attempt.startedAt())
                            .as("claim of %s, before its request reached the receiver at %s", id, requested)
                            .isBeforeOrEqualTo(requested.plus(CLOCK_SLACK)));
        }
    }

    private static List<TestReceiver.Receipt> received(List<TestReceiver> receivers) {
        return receivers.stream().flatMap(r -> r.received().stream()).toList();
    }

    private static boolean isDelivered(WorkerFixture fixture, String id) {
        return fixture.message(id)
                .map(m -> m.status() == MessageStatus.DELIVERED)
                .orElse(false);
    }
}
