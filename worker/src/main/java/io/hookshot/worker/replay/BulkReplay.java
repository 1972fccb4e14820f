package io.hookshot.worker.replay;

import io.hookshot.worker.replay.ReplayOutcome.Refused;
import io.hookshot.worker.store.DeadLetterView;
import io.hookshot.worker.store.HistorySearch;
import io.hookshot.worker.store.SearchFilter;
import java.util.List;
import java.util.Optional;

/**
 * Replays, or counts for a dry run, the dead letters that match a filter, in the search's order (latest death
 * first), paced to a rate so a receiver that just recovered is not flooded. Shared by the API and the command line.
 * Thread-safe; each call runs on the caller's thread.
 */
public final class BulkReplay {
    /** The most dead letters one call replays; call again for the rest. */
    public static final int MAX_PER_CALL = 10_000;
    /** How many ids a report shows. */
    public static final int SAMPLE_SIZE = 10;

    private static final int PAGE = 200;

    /**
     * @param matched  dead letters matching the filter when the call started
     * @param replayed ids replayed, in order (a dry run replays none)
     * @param refused  ids left alone, with the reason (still live in Redis, undecodable)
     * @param sample   up to {@value #SAMPLE_SIZE} ids of the matches, in order
     */
    public record Report(
            boolean dryRun, long matched, List<String> replayed, List<Refused> refused, List<String> sample) {
        public Report {
            replayed = List.copyOf(replayed);
            refused = List.copyOf(refused);
            sample = List.copyOf(sample);
        }
    }

    private final HistorySearch search;
    private final DeadLetterReplayer replayer;

    public BulkReplay(HistorySearch search, DeadLetterReplayer replayer) {
        this.search = search;
        this.replayer = replayer;
    }

    /**
     * Replays up to {@code max} (at most {@value #MAX_PER_CALL}) matches at most {@code perSecond} a second. When the
     * thread is interrupted it stops, and reports what it replayed so far.
     */
    public Report run(SearchFilter filter, boolean dryRun, int perSecond, int max) {
        PacedReplay.checkMax(max);
        SearchFilter first = new SearchFilter(
                Optional.empty(), filter.url(), filter.since(), filter.until(), PAGE, Optional.empty());
        long matched = search.countDeadLetters(first);
        List<String> sample = search.deadLetters(first.withLimit(SAMPLE_SIZE)).items().stream()
                .map(DeadLetterView::messageId)
                .toList();
        if (dryRun) {
            return new Report(true, matched, List.of(), List.of(), sample);
        }
        PacedReplay.Result result = PacedReplay.run(
                replayer, cursor -> search.deadLetters(cursor.map(first::after).orElse(first)), perSecond, max);
        return new Report(false, matched, result.replayed(), result.refused(), sample);
    }
}
