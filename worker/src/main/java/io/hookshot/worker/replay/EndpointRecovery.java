package io.hookshot.worker.replay;

import io.hookshot.worker.replay.ReplayOutcome.Refused;
import io.hookshot.worker.store.EventHistory;
import java.time.Instant;
import java.util.List;

/**
 * Recovers one registered endpoint after an outage: replays its dead letters that died since a time, latest death
 * first, each through {@link DeadLetterReplayer} (same message id, a new attempt series), paced to a rate. Shared by
 * the admin API. Thread-safe; each call runs on the caller's thread.
 */
public final class EndpointRecovery {
    private static final int PAGE = 200;

    /**
     * @param replayed ids replayed, in order
     * @param refused  ids left alone, with the reason
     * @param more     whether dead letters were left because {@code max} was reached
     */
    public record Report(List<String> replayed, List<Refused> refused, boolean more) {
        public Report {
            replayed = List.copyOf(replayed);
            refused = List.copyOf(refused);
        }
    }

    private final EventHistory history;
    private final DeadLetterReplayer replayer;

    public EndpointRecovery(EventHistory history, DeadLetterReplayer replayer) {
        this.history = history;
        this.replayer = replayer;
    }

    /**
     * Replays at most {@code max} dead letters of the endpoint that died since {@code since}, at most
     * {@code perSecond} a second; stops early, reporting what it did, when the thread is interrupted.
     */
    public Report recover(String tenant, String endpointId, Instant since, int perSecond, int max) {
        PacedReplay.checkMax(max);
        PacedReplay.Result result = PacedReplay.run(
                replayer, cursor -> history.deadLetters(tenant, endpointId, since, cursor, PAGE), perSecond, max);
        return new Report(result.replayed(), result.refused(), result.more());
    }
}
