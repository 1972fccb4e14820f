package io.hookshot.worker.replay;

import io.hookshot.worker.replay.ReplayOutcome.Refused;
import io.hookshot.worker.replay.ReplayOutcome.Replayed;
import io.hookshot.worker.store.DeadLetterView;
import io.hookshot.worker.store.Page;
import io.hookshot.worker.store.PageCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replays dead letters page by page, in the pages' order, each through {@link DeadLetterReplayer} and paced to a
 * rate, until {@code max} were handled, the pages end, or the thread is interrupted. Shared by {@link BulkReplay} and
 * {@link EndpointRecovery}. Stateless.
 */
final class PacedReplay {
    /**
     * @param replayed ids replayed, in order
     * @param refused  ids left alone, with the reason
     * @param more     whether dead letters were left: {@code max} was reached, or the thread was interrupted
     */
    record Result(List<String> replayed, List<Refused> refused, boolean more) {}

    private PacedReplay() {}

    /** Throws unless {@code max} is from 1 to {@value BulkReplay#MAX_PER_CALL}. */
    static void checkMax(int max) {
        if (max < 1 || max > BulkReplay.MAX_PER_CALL) {
            throw new IllegalArgumentException("max must be from 1 to " + BulkReplay.MAX_PER_CALL + ", got " + max);
        }
    }

    /** Replays the dead letters of {@code pages} (a cursor to the page it starts; empty: the first page). */
    static Result run(
            DeadLetterReplayer replayer,
            Function<Optional<PageCursor>, Page<DeadLetterView>> pages,
            int perSecond,
            int max) {
        Pacer pacer = new Pacer(perSecond);
        List<String> replayed = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Optional<PageCursor> cursor = Optional.empty();
        while (true) {
            Page<DeadLetterView> page = pages.apply(cursor);
            for (DeadLetterView row : page.items()) {
                if (replayed.size() + refused.size() >= max) {
                    return new Result(replayed, refused, true);
                }
                try {
                    pacer.awaitTurn();
                } catch (InterruptedException e) {
                    // Shutting down: report what was done so far.
                    Thread.currentThread().interrupt();
                    return new Result(replayed, refused, true);
                }
                switch (replayer.replay(row.messageId(), Optional.empty())) {
                    case Replayed r -> replayed.add(r.messageId());
                    case Refused r -> refused.add(r);
                    case ReplayOutcome.NotFound n -> {} // replayed or deleted meanwhile by someone else
                }
            }
            if (page.next().isEmpty()) {
                return new Result(replayed, refused, false);
            }
            cursor = page.next();
        }
    }
}
