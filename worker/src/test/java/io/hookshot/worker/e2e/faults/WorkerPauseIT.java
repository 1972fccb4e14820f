package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import io.hookshot.worker.queue.QueueInspector;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker frozen by SIGSTOP for longer than its lease, with answered requests in its sockets, then thawed by
 * SIGCONT: meanwhile another worker took its jobs over; once thawed, its acknowledgements are refused as stale and
 * change nothing, in Redis or in the history.
 */
@ExtendWith(RealServers.class)
class WorkerPauseIT {
    private static final int JOBS = 8;
    private static final String PAUSED_ID = "paused";
    private static final String SURVIVOR_ID = "survivor";

    @Test
    void aWorkerThawedAfterItsLeaseExpiredHasItsAcknowledgementsRefusedAsStale(TestServers servers) throws Exception {
        CountDownLatch pausedWorkerMayHaveAnswers = new CountDownLatch(1);
        CountDownLatch survivorMayAnswer = new CountDownLatch(1);
        AtomicInteger heldForSurvivor = new AtomicInteger();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.scripted((request, earlier) -> {
                    if (earlier == 0) {
                        // Held until the worker is frozen, so that no first attempt is settled before the pause,
                        // however
                        // slowly the worker sent its requests.
                        awaitQuietly(pausedWorkerMayHaveAnswers);
                        return Answer.ok();
                    }
                    heldForSurvivor.incrementAndGet();
                    awaitQuietly(survivorMayAnswer);
                    return Answer.ok();
                })) {
            List<String> ids = send(fixture, receiver);
            try (WorkerProcess paused = new WorkerProcess(
                    "paused-worker",
                    fixture.env(Map.of(
                            WorkerConfig.WORKER_ID,
                            PAUSED_ID,
                            WorkerConfig.CONCURRENCY,
                            Integer.toString(JOBS),
                            WorkerConfig.LEASE,
                            "4s",
                            WorkerConfig.HTTP_TIMEOUT,
                            "2s")))) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> receiver.received().size() >= JOBS);
                paused.pause();
                Instant pausedAt = Instant.now();
                pausedWorkerMayHaveAnswers.countDown();

                Worker survivor = Worker.start(fixture.config(Map.of(
                        WorkerConfig.WORKER_ID,
                        SURVIVOR_ID,
                        WorkerConfig.LEASE,
                        "2m",
                        WorkerConfig.HTTP_TIMEOUT,
                        "1m")));
                try {
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(heldForSurvivor)
                                    .as("jobs the survivor took over")
                                    .hasValueGreaterThanOrEqualTo(JOBS));
                    Duration takenOverAfter = Duration.between(pausedAt, Instant.now());
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> ids.stream()
                                    .allMatch(id -> fixture.history.attempts(id).size() == 1));
                    List<String> historyBefore = historyOf(fixture, ids);

                    paused.resume();
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(paused.logLinesWith("stale acknowledgement"))
                                    .as("stale acknowledgements the thawed worker" + " logged; see %s", paused.log)
                                    .isGreaterThanOrEqualTo(JOBS));
                    assertInFlightNeverNegative(fixture);
                    QueueInspector.Report whileSurvivorDelivers = fixture.inspect();
                    assertThat(whileSurvivorDelivers.active())
                            .as("the survivor's leases are untouched")
                            .isEqualTo(JOBS);
                    assertThat(whileSurvivorDelivers.violations()).isEmpty();
                    assertThat(historyOf(fixture, ids))
                            .as("stale acknowledgements change no history")
                            .isEqualTo(historyBefore);

                    survivorMayAnswer.countDown();
                    fixture.awaitFinal(ids, Duration.ofSeconds(60));
                    System.err.printf(
                            "worker pause: frozen by SIGSTOP with %d leases (lease 4 s), taken over %d ms"
                                    + " later; after SIGCONT %d stale acknowledgements refused, %d attempt rows by the"
                                    + " thawed worker%n",
                            JOBS,
                            takenOverAfter.toMillis(),
                            paused.logLinesWith("stale acknowledgement"),
                            attemptsBy(fixture, ids, PAUSED_ID));
                } finally {
                    pausedWorkerMayHaveAnswers.countDown();
                    survivorMayAnswer.countDown();
                    survivor.close();
                }
                paused.terminate(Duration.ofSeconds(30));
            }

            fixture.assertDeliveredOrArchived(ids);
            for (String id : ids) {
                assertThat(fixture.history.attempts(id))
                        .as("attempts of %s", id)
                        .extracting(AttemptView::attempt, AttemptView::errorClass, AttemptView::workerId)
                        .containsExactly(tuple(1, "stalled", null), tuple(2, null, SURVIVOR_ID));
                assertThat(fixture.message(id)).hasValueSatisfying(m -> {
                    assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED);
                    assertThat(m.attempts()).isEqualTo(2);
                });
            }
            assertThat(attemptsBy(fixture, ids, PAUSED_ID))
                    .as("attempt rows by the thawed worker")
                    .isZero();
            assertInFlightNeverNegative(fixture);
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }

    /** Every partition's in-flight counters are at least zero. */
    static void assertInFlightNeverNegative(WorkerFixture fixture) {
        assertThat(fixture.inFlightCounters())
                .allSatisfy((key, n) -> assertThat(n).as(key).isNotNegative());
    }

    private static long attemptsBy(WorkerFixture fixture, List<String> ids, String workerId) {
        return ids.stream()
                .flatMap(id -> fixture.history.attempts(id).stream())
                .filter(a -> workerId.equals(a.workerId()))
                .count();
    }

    /** The history rows of the messages, in words, for comparing before and after. */
    private static List<String> historyOf(WorkerFixture fixture, List<String> ids) {
        List<String> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(String.valueOf(fixture.message(id)
                    .map(m -> m.status() + "/" + m.attempts())
                    .orElse("none")));
            fixture.history
                    .attempts(id)
                    .forEach(a -> rows.add(
                            id + "#" + a.attempt() + " " + a.errorClass() + " " + a.workerId() + " " + a.outcome()));
        }
        return rows;
    }

    private static List<String> send(WorkerFixture fixture, TestReceiver receiver) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            messages.add(
                    Message.builder(receiver.url("/pause/" + i)).payload("{}").build());
        }
        return fixture.producer.sendAll(messages).stream().map(id -> id.value()).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(50, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
