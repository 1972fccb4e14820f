package io.hookshot.worker.replay;

import io.hookshot.worker.replay.ReplayOutcome.Refused;
import io.hookshot.worker.replay.ReplayOutcome.Replayed;
import io.hookshot.worker.store.DeadLetterView;
import io.hookshot.worker.store.EventHistory;
import io.hookshot.worker.store.Page;
import io.hookshot.worker.store.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        if (max < 1 || max > BulkReplay.MAX_PER_CALL) {
            throw new IllegalArgumentException("max must be from 1 to " + BulkReplay.MAX_PER_CALL + ", got " + max);
        }
        Pacer pacer = new Pacer(perSecond);
        List<String> replayed = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        while (true) {
            Page<DeadLetterView> page = history.deadLetters(tenant, endpointId, since, cursor, PAGE);
            for (DeadLetterView row : page.items()) {
                if (replayed.size() + refused.size() >= max) {
                    return new Report(replayed, refused, true);
                }
                try {
                    pacer.awaitTurn();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Report(replayed, refused, true);
                }
                switch (replayer.replay(row.messageId(), Optional.empty())) {
                    case Replayed r -> replayed.add(r.messageId());
                    case Refused r -> refused.add(r);
                    case ReplayOutcome.NotFound n -> {} // replayed or deleted meanwhile by someone else
                }
            }
            if (page.next().isEmpty()) {
                return new Report(replayed, refused, false);
            }
            cursor = page.next();
        }
    }
}
