package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import io.hookshot.worker.queue.QueueInspector;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SIGTERM: stop claiming, finish what is in flight within the grace period, give back the rest. */
@ExtendWith(RealServers.class)
class GracefulShutdownIT {
    @Test
    void deliveriesInFlightFinishAndNothingIsLeftLeased(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.answering(Answer.ok().after(Duration.ofMillis(1500)))) {
            List<String> ids = fixture.sendMany(receiver.url("/term/"), 30);
            try (WorkerProcess worker = new WorkerProcess(
                    "graceful-worker",
                    fixture.env(Map.of(WorkerConfig.CONCURRENCY, "8", WorkerConfig.SHUTDOWN_GRACE, "10s")))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.received().size() >= 8);
                long start = System.nanoTime();
                worker.terminate(Duration.ofSeconds(20));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.err.printf(
                        "graceful shutdown: exited %d ms after SIGTERM with %d requests received%n",
                        took.toMillis(), receiver.received().size());
                assertThat(took).isLessThan(Duration.ofSeconds(10));
                assertThat(worker.output()).contains("stopped");
            }
            QueueInspector.Report afterExit = fixture.inspect();
            assertThat(afterExit.active()).as("leases left behind").isZero();
            assertThat(afterExit.violations()).isEmpty();
            assertThat(receiver.delivered())
                    .isNotEmpty()
                    .allSatisfy(id -> assertThat(fixture.message(id))
                            .as("the history of %s, written by the stopping worker itself", id)
                            .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED)));

            finishWithAnotherWorker(fixture, ids);
            assertThat(receiver.repeatedRequests())
                    .as("in-flight deliveries were finished, not redone")
                    .isZero();
        }
    }

    @Test
    void deliveriesOutlastingTheGracePeriodAreGivenBackAtOnce(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.scripted(
                        (r, n) -> Answer.ok().after(n == 0 ? Duration.ofSeconds(8) : Duration.ZERO))) {
            List<String> ids = fixture.sendMany(receiver.url("/term/"), 4);
            try (WorkerProcess worker = new WorkerProcess(
                    "impatient-worker",
                    fixture.env(Map.of(
                            WorkerConfig.SHUTDOWN_GRACE,
                            "1s",
                            WorkerConfig.HTTP_TIMEOUT,
                            "10s",
                            WorkerConfig.LEASE,
                            "1m")))) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.received().size() >= 4);
                worker.terminate(Duration.ofSeconds(8));
                assertThat(worker.output()).contains("gave back 4 unfinished jobs");
            }
            QueueInspector.Report afterExit = fixture.inspect();
            assertThat(afterExit.active()).isZero();
            assertThat(afterExit.ready())
                    .as("given back, ready at once rather than after the 1 min lease")
                    .isEqualTo(4);

            finishWithAnotherWorker(fixture, ids);
        }
    }

    private static void finishWithAnotherWorker(WorkerFixture fixture, List<String> ids) {
        Worker survivor = Worker.start(fixture.config(Map.of(WorkerConfig.WORKER_ID, "survivor")));
        try {
            fixture.awaitFinal(ids, Duration.ofSeconds(60));
        } finally {
            survivor.close();
        }
        fixture.assertDeliveredOrArchived(ids);
        assertThat(fixture.inspect().violations()).isEmpty();
    }
}
