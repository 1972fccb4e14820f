package io.hookshot.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker JVM killed with SIGKILL mid-delivery loses nothing: another worker delivers its jobs after the lease. */
@ExtendWith(RealServers.class)
class WorkerKillIT {
    private static final Map<String, String> FAST = Map.of(
            WorkerConfig.LEASE, "4s", WorkerConfig.HTTP_TIMEOUT, "2s", WorkerConfig.CONCURRENCY, "8",
            WorkerConfig.REAP_INTERVAL, "500ms");

    @Test
    void jobsOfAKilledWorkerAreDeliveredByAnotherAfterTheLease(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
             TestReceiver receiver = new TestReceiver((r, n) -> new TestReceiver.Answer(200, Duration.ofMillis(700)))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(fixture.producer.send(Message.builder(receiver.url("/k/" + i)).payload("{}").build()).value());
            }
            Instant killedAt;
            List<String> inFlightAtKill;
            try (WorkerProcess doomed = new WorkerProcess("killed-worker", fixture.env(named("doomed")))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() >= 12);
                inFlightAtKill = receiver.received().stream().map(TestReceiver.Received::webhookId)
                        .filter(id -> !isDelivered(fixture, id)).toList();
                doomed.kill();
                killedAt = Instant.now();
                assertThat(doomed.isAlive()).isFalse();
            }

            Worker survivor = Worker.start(fixture.config(named("survivor")));
            try {
                fixture.awaitFinal(ids, Duration.ofSeconds(60));
            } finally {
                survivor.close();
            }

            fixture.assertDeliveredOrArchived(ids);
            assertThat(fixture.countWithStatus(ids, MessageStatus.DELIVERED)).isEqualTo(ids.size());
            List<String> stalled = ids.stream().filter(id -> fixture.history.attempts(id).stream()
                    .anyMatch(a -> "stalled".equals(a.errorClass()))).toList();
            long backAfterMs = stalled.stream().mapToLong(id -> {
                List<AttemptView> attempts = fixture.history.attempts(id);
                return Duration.between(killedAt, attempts.getLast().startedAt()).toMillis();
            }).max().orElse(0);
            long duplicates = receiver.repeatedRequests();
            System.err.printf("worker kill: the killed worker held %d leases (concurrency 8, the rest awaiting their"
                    + " acknowledgement); all %d delivered; the last came back %d ms after the kill (lease 4 s);"
                    + " %d duplicate requests%n",
                    stalled.size(), ids.size(), backAfterMs, duplicates);
            assertThat(stalled).as("jobs leased by the killed worker").isNotEmpty();
            assertThat(duplicates).as("duplicates are bounded by the jobs the killed worker held leases on")
                    .isLessThanOrEqualTo(stalled.size());
            assertThat(inFlightAtKill).isNotEmpty();
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }

    private static Map<String, String> named(String workerId) {
        Map<String, String> env = new HashMap<>(FAST);
        env.put(WorkerConfig.WORKER_ID, workerId);
        return env;
    }

    private static boolean isDelivered(WorkerFixture fixture, String id) {
        return fixture.message(id).map(m -> m.status() == MessageStatus.DELIVERED).orElse(false);
    }
}
