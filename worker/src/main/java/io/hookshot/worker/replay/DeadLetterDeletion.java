package io.hookshot.worker.replay;

import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.HistorySearch;
import io.hookshot.worker.store.SearchFilter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes dead letters of one queue from the archive: one by id, or all that match a filter, in batches of
 * {@value #BATCH} rows (one short statement each, so no long lock on the table). The messages' history rows stay
 * ({@code dead}). Thread-safe.
 */
public final class DeadLetterDeletion {
    static final int BATCH = 1000;

    private static final String DELETE_ONE =
            "delete from hookshot_dead_letter where message_id = :id and queue = :queue";
    private static final String DELETE_BATCH = """
            delete from hookshot_dead_letter where message_id in (
                select message_id from hookshot_dead_letter
                 where queue = :queue
                   and (cast(:url as text) is null or url = :url)
                   and (cast(:since as timestamptz) is null or died_at >= :since)
                   and (cast(:until as timestamptz) is null or died_at < :until)
                 limit :batch)""";

    private final Jdbi jdbi;
    private final String queue;
    private final HistorySearch search;

    public DeadLetterDeletion(Database database, HistorySearch search) {
        this.jdbi = database.jdbi();
        this.queue = search.queue();
        this.search = search;
    }

    /** Whether a dead letter with this id was deleted. */
    public boolean delete(String messageId) {
        return jdbi.withHandle(h -> h.createUpdate(DELETE_ONE)
                        .bind("id", messageId)
                        .bind("queue", queue)
                        .execute())
                > 0;
    }

    /** Deletes every match (or, for a dry run, counts them); returns how many. */
    public long deleteAll(SearchFilter filter, boolean dryRun) {
        if (dryRun) {
            return search.countDeadLetters(filter);
        }
        long deleted = 0;
        int n;
        do {
            n = jdbi.withHandle(h -> h.createUpdate(DELETE_BATCH)
                    .bind("queue", queue)
                    .bind("url", filter.url().orElse(null))
                    .bind("since", time(filter.since()))
                    .bind("until", time(filter.until()))
                    .bind("batch", BATCH)
                    .execute());
            deleted += n;
        } while (n == BATCH);
        return deleted;
    }

    private static OffsetDateTime time(Optional<java.time.Instant> instant) {
        return instant.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
    }
}
