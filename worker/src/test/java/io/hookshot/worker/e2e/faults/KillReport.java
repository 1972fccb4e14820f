package io.hookshot.worker.e2e.faults;

import io.hookshot.testing.TestReceiver;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the history says about the kills of a {@link WorkerKillUnderLoadIT} run. A stalled attempt is put down to
 * the latest kill at least half a lease before the lease was found expired: the victim renewed it at most a third
 * of a lease before it died.
 *
 * @param stalled     stalled attempts: leases the killed workers held (and any other lease that was lost)
 * @param comebackP50 median time from a kill to the next attempt of a job it stalled
 * @param comebackMax longest such time
 */
record KillReport(long stalled, Duration comebackP50, Duration comebackMax) {

    static KillReport of(
            Map<String, List<QueueHistory.Attempt>> attemptsById, List<KillRound.Kill> kills, Duration lease) {
        long stalled = 0;
        List<Duration> comebacks = new ArrayList<>();
        for (List<QueueHistory.Attempt> attempts : attemptsById.values()) {
            for (int i = 0; i < attempts.size(); i++) {
                QueueHistory.Attempt a = attempts.get(i);
                if (!a.stalled()) {
                    continue;
                }
                stalled++;
                Optional<KillRound.Kill> kill = killBehind(kills, a, lease);
                if (kill.isPresent() && i + 1 < attempts.size()) {
                    comebacks.add(Duration.between(
                            kill.get().at(), attempts.get(i + 1).startedAt()));
                }
            }
        }
        comebacks.sort(null);
        return new KillReport(
                stalled,
                comebacks.isEmpty() ? Duration.ZERO : comebacks.get(comebacks.size() / 2),
                comebacks.isEmpty() ? Duration.ZERO : comebacks.getLast());
    }

    /**
     * Messages of {@code ids} with an attempt that stalled at {@code kill} although its request had reached the
     * receiver, and been answered, before it: an outcome that was never recorded. The n-th attempt's request is the
     * n-th the receiver saw of the message.
     */
    static long answeredButUnrecorded(
            Map<String, List<QueueHistory.Attempt>> attemptsById,
            Collection<String> ids,
            KillRound.Kill kill,
            List<KillRound.Kill> kills,
            Duration lease,
            TestReceiver receiver) {
        return ids.stream()
                .filter(id -> {
                    List<TestReceiver.Receipt> requests = receiver.receivedFor(id);
                    return attemptsById.getOrDefault(id, List.of()).stream()
                            .anyMatch(a -> a.stalled()
                                    && killBehind(kills, a, lease)
                                            .filter(kill::equals)
                                            .isPresent()
                                    && requests.size() >= a.attempt()
                                    && requests.get(a.attempt() - 1).at().isBefore(kill.at()));
                })
                .count();
    }

    private static Optional<KillRound.Kill> killBehind(
            List<KillRound.Kill> kills, QueueHistory.Attempt stalled, Duration lease) {
        Instant latest = stalled.endedAt().minus(lease.dividedBy(2));
        return kills.stream().filter(k -> !k.at().isAfter(latest)).max((a, b) -> a.at().compareTo(b.at()));
    }
}
