package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.MessageId;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerFleet;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three worker JVMs deliver a few thousand messages, sent in waves, while the test SIGKILLs one or two of them in
 * every wave and starts replacements under the same worker ids. The waves take turns at the three points of a
 * delivery where a kill hurts most (see {@link KillPoint}): before the request reaches the receiver, after the
 * receiver answered but before the outcome was recorded, and while failed attempts are being rescheduled.
 *
 * <p>Every message ends delivered (or dead and archived); duplicate deliveries are bounded by the leases the killed
 * workers held, which the history shows as stalled attempts; killed jobs are back within a lease and a reap.
 *
 * <p>A longer soak by hand: {@code -Dhookshot.soak.messages=50000} (default 3000); there is a wave per 1000
 * messages, at least three and at most thirty.
 */
@ExtendWith(RealServers.class)
class WorkerKillUnderLoadIT {
    private static final int MESSAGES = Integer.getInteger("hookshot.soak.messages", 3000);
    private static final int WAVES = Math.clamp(MESSAGES / 1000, 3, 30);
    private static final int WORKERS = 3;
    private static final int CONCURRENCY = 16;
    private static final int ENDPOINTS = 4;
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final Map<String, String> ENV = Map.of(
            WorkerConfig.CONCURRENCY, Integer.toString(CONCURRENCY),
            WorkerConfig.ENDPOINT_CONCURRENCY, "64",
            WorkerConfig.LEASE, "4s",
            WorkerConfig.HTTP_TIMEOUT, "2s",
            WorkerConfig.REAP_INTERVAL, "500ms",
            WorkerConfig.RETRY_SCHEDULE, "100ms,200ms,400ms,800ms,1s");

    /** One wave: its messages, and the kill made while they were being delivered. */
    private record Wave(String group, List<String> ids, KillRound.Kill kill) {}

    @Test
    void everyMessageSurvivesWorkersKilledAtEachPointOfADelivery(TestServers servers) throws Exception {
        long started = System.nanoTime();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.scripted(
                        ENDPOINTS,
                        (request, earlier) -> Answer.status(
                                        KillPoint.ofGroup(request.path().split("/")[1])
                                                .status(earlier))
                                .after(LATENCY));
                WorkerFleet fleet = new WorkerFleet(fixture, "kill", ENV)) {
            fleet.start(List.of("w1", "w2", "w3"));
            KillRound killer = new KillRound(receiver, fleet, CONCURRENCY);
            List<Wave> waves = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int w = 0; w < WAVES; w++) {
                KillPoint point = KillPoint.values()[w % KillPoint.values().length];
                String group = "w" + w + "-" + point.slug();
                int size = MESSAGES / WAVES + (w < MESSAGES % WAVES ? 1 : 0);
                List<String> waveIds = send(fixture, receiver, group, size);
                ids.addAll(waveIds);
                long halfway = size / 2;
                await().atMost(Duration.ofSeconds(120))
                        .untilAsserted(() -> assertThat(seen(receiver, group))
                                .as("requests of wave %s seen", group)
                                .isGreaterThanOrEqualTo(halfway));
                waves.add(new Wave(group, waveIds, killer.killAndReplace(point, w % 2 == 0 ? 1 : 2)));
            }

            QueueHistory history = new QueueHistory(fixture);
            await().atMost(Duration.ofSeconds(60 + MESSAGES / 50))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(history.finished())
                            .as("messages delivered or dead in the history")
                            .isEqualTo(MESSAGES));
            fleet.stop();

            fixture.assertDeliveredOrArchived(ids);
            assertThat(fixture.inspect().violations()).isEmpty();
            var attempts = history.attemptsById();
            List<KillRound.Kill> kills = waves.stream().map(Wave::kill).toList();
            KillReport report = KillReport.of(attempts, kills, LEASE);
            long dead = fixture.countWithStatus(ids, MessageStatus.DEAD);
            long killed = kills.stream().mapToLong(KillRound.Kill::victims).sum();
            System.err.printf(
                    "worker kill under load: %d messages, %d worker JVMs, %d kills in %d waves; %d stalled"
                            + " leases, %d duplicates, %d dead; killed jobs back after p50 %d ms, max %d ms"
                            + " (lease %d s); %d s in all%n",
                    MESSAGES,
                    WORKERS,
                    killed,
                    WAVES,
                    report.stalled(),
                    receiver.duplicates(),
                    dead,
                    report.comebackP50().toMillis(),
                    report.comebackMax().toMillis(),
                    LEASE.toSeconds(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());

            assertThat(receiver.delivered().size() + dead).isEqualTo(MESSAGES);
            assertThat(report.stalled()).as("every killed worker held leases").isGreaterThanOrEqualTo(killed);
            assertThat(receiver.duplicates())
                    .as("duplicates are bounded by the leases the killed workers held")
                    .isLessThanOrEqualTo(report.stalled());
            assertThat(report.comebackMax())
                    .as("a killed job is back within the lease and a reap")
                    .isLessThan(LEASE.plus(Duration.ofSeconds(10)));
            for (Wave wave : waves) {
                assertKilledAtItsPoint(wave, attempts, kills, receiver);
            }
        }
    }

    /** Shows that each wave's kill hit the point it aimed at. */
    private static void assertKilledAtItsPoint(
            Wave wave,
            Map<String, List<QueueHistory.Attempt>> attempts,
            List<KillRound.Kill> kills,
            TestReceiver receiver) {
        KillRound.Kill kill = wave.kill();
        long unrecorded = KillReport.answeredButUnrecorded(attempts, wave.ids(), kill, kills, LEASE, receiver);
        long duplicates = wave.ids().stream()
                .mapToLong(id -> Math.max(0, receiver.successes(id) - 1))
                .sum();
        System.err.printf(
                "  %s: %d killed of %d; %d requests %s; %d messages with an attempt answered but never recorded,"
                        + " %d duplicates%n",
                wave.group(),
                kill.victims(),
                kill.liveBefore(),
                kill.evidence(),
                kill.point() == KillPoint.BEFORE_REQUEST ? "held unseen at the kill" : "answered while frozen",
                unrecorded,
                duplicates);
        switch (kill.point()) {
            case BEFORE_REQUEST ->
                assertThat(kill.evidence())
                        .as("%s: every delivery slot's request was held unseen", wave.group())
                        .isGreaterThanOrEqualTo(kill.liveBefore() * CONCURRENCY);
            case AFTER_ANSWER ->
                assertThat(duplicates)
                        .as("%s: answers never acknowledged are delivered again", wave.group())
                        .isPositive();
            case DURING_RETRY ->
                assertThat(unrecorded)
                        .as("%s: attempts answered 503 whose retry was never recorded", wave.group())
                        .isPositive();
        }
    }

    /** Requests seen so far whose path starts with {@code /<group>/}. */
    private static long seen(TestReceiver receiver, String group) {
        return receiver.received().stream()
                .filter(r -> r.path().startsWith("/" + group + "/"))
                .count();
    }

    private static List<String> send(WorkerFixture fixture, TestReceiver receiver, String group, int n) {
        List<Message> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(Message.builder(receiver.url(i % receiver.ports(), "/" + group + "/" + i))
                    .payload("{\"i\":" + i + "}")
                    .build());
            if (batch.size() == 1000 || i == n - 1) {
                fixture.producer.sendAll(batch).stream().map(MessageId::value).forEach(ids::add);
                batch.clear();
            }
        }
        return ids;
    }
}
