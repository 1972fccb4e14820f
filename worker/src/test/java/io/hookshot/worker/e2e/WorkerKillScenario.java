package io.hookshot.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
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

/**
 * Scenario 1 of the queue design, shared by {@link WorkerKillIT} (one Redis) and {@link ClusterWorkerKillIT} (a Redis
 * Cluster): a worker JVM killed with SIGKILL mid-delivery loses nothing; another worker delivers its jobs after the
 * lease; duplicates are bounded by the leases the killed worker held; the queue's invariants hold afterwards.
 */
final class WorkerKillScenario {
    private static final int MESSAGES = 40;
    private static final Map<String, String> FAST = Map.of(
            WorkerConfig.LEASE, "4s", WorkerConfig.HTTP_TIMEOUT, "2s", WorkerConfig.CONCURRENCY, "8",
            WorkerConfig.REAP_INTERVAL, "500ms");

    private WorkerKillScenario() {
    }

    /** A receiver slow enough (700 ms an answer) that a worker has deliveries in flight when it is killed. */
    static TestReceiver slowReceiver() {
        return new TestReceiver((r, n) -> new TestReceiver.Answer(200, Duration.ofMillis(700)));
    }

    /** Sends {@value #MESSAGES} messages, spread round-robin over {@code receivers}, and plays the scenario. */
    static void jobsOfAKilledWorkerAreDeliveredByAnotherAfterTheLease(WorkerFixture fixture,
                                                                      List<TestReceiver> receivers) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            TestReceiver receiver = receivers.get(i % receivers.size());
            ids.add(fixture.producer.send(Message.builder(receiver.url("/k/" + i)).payload("{}").build()).value());
        }
        Instant killedAt;
        List<String> inFlightAtKill;
        try (WorkerProcess doomed = new WorkerProcess("killed-worker", fixture.env(named("doomed")))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> received(receivers).size() >= 12);
            inFlightAtKill = received(receivers).stream().map(TestReceiver.Received::webhookId)
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
        long duplicates = receivers.stream().mapToLong(TestReceiver::repeatedRequests).sum();
        System.err.printf("worker kill (%d receivers): the killed worker held %d leases (concurrency 8, the rest"
                + " awaiting their acknowledgement); all %d delivered; the last came back %d ms after the kill (lease"
                + " 4 s); %d duplicate requests%n",
                receivers.size(), stalled.size(), ids.size(), backAfterMs, duplicates);
        assertThat(stalled).as("jobs leased by the killed worker").isNotEmpty();
        assertThat(duplicates).as("duplicates are bounded by the jobs the killed worker held leases on")
                .isLessThanOrEqualTo(stalled.size());
        assertThat(inFlightAtKill).isNotEmpty();
        assertThat(fixture.inspect().violations()).isEmpty();
    }

    private static List<TestReceiver.Received> received(List<TestReceiver> receivers) {
        return receivers.stream().flatMap(r -> r.received().stream()).toList();
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
