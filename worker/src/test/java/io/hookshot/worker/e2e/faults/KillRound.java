package io.hookshot.worker.e2e.faults;

import static org.awaitility.Awaitility.await;

import io.hookshot.testing.TestReceiver;
import io.hookshot.worker.e2e.fixtures.WorkerFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Kills for {@link WorkerKillUnderLoadIT}: brings the oldest live workers to a {@link KillPoint}, SIGKILLs them and
 * starts replacements under the same ids. Not thread-safe.
 */
final class KillRound {
    private static final Duration ARM_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One round as it happened.
     *
     * @param point      where in a delivery the victims were
     * @param at         when the SIGKILLs were sent
     * @param victims    workers killed
     * @param liveBefore workers running just before
     * @param evidence   before a request: requests the receiver held unseen; otherwise requests whose answers the
     *                   receiver held until the victims froze (every worker's slots full) and sent before the kill
     */
    record Kill(KillPoint point, Instant at, int victims, int liveBefore, int evidence) {}

    private final TestReceiver receiver;
    private final WorkerFleet fleet;
    private final int concurrency;

    KillRound(TestReceiver receiver, WorkerFleet fleet, int concurrency) {
        this.receiver = receiver;
        this.fleet = fleet;
        this.concurrency = concurrency;
    }

    Kill killAndReplace(KillPoint point, int victims) throws InterruptedException {
        List<WorkerFleet.Member> live = fleet.live();
        List<WorkerFleet.Member> doomed = live.subList(0, victims);
        int evidence;
        Instant at;
        List<String> ids;
        if (point == KillPoint.BEFORE_REQUEST) {
            receiver.hold();
            await().atMost(ARM_TIMEOUT).until(() -> receiver.held() >= live.size() * concurrency);
            evidence = receiver.held();
            at = Instant.now();
            ids = fleet.kill(doomed);
            receiver.release();
        } else {
            // Every delivery slot of every worker waits for its answer, the victims' too, when they freeze: each
            // victim then dies with requests the receiver answered and it never recorded.
            receiver.holdAnswers();
            await().atMost(ARM_TIMEOUT).until(() -> receiver.unanswered().size() >= live.size() * concurrency);
            doomed.forEach(m -> m.process().pause());
            Set<Long> open = receiver.unanswered();
            receiver.releaseAnswers();
            await().atMost(ARM_TIMEOUT).until(() -> receiver.answeredAll(open));
            evidence = open.size();
            at = Instant.now();
            ids = fleet.kill(doomed);
        }
        fleet.start(ids);
        return new Kill(point, at, victims, live.size(), evidence);
    }
}
