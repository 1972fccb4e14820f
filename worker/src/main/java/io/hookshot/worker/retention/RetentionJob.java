package io.hookshot.worker.retention;

import io.hookshot.worker.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old history, on one process at a time. Thread-safe.
 *
 * <ol>
 *   <li>Take the Postgres advisory lock {@link #LOCK_KEY} without waiting ({@code pg_try_advisory_lock}, held by
 *       the session): when another process holds it, do nothing this time ({@link Result#skipped()}).</li>
 *   <li>Delete dead letters that died before now minus the dead-letter retention.</li>
 *   <li>Delete messages that finished (delivered or dead) before now minus the history retention, with their
 *       attempts; a message whose dead letter is still archived stays, so it can still be replayed.</li>
 *   <li>Delete events created before now minus the history retention (their messages go by the step above).</li>
 *   <li>Each step deletes at most {@link #batchSize} rows per statement, each statement its own short transaction,
 *       so no table is locked for long; at most {@link #MAX_BATCHES} batches per step and run.</li>
 *   <li>Release the lock.</li>
 * </ol>
 */
public final class RetentionJob {
    /** The advisory lock key: "hookshot retention" folded into a bigint. */
    public static final long LOCK_KEY = 0x686f6f6b73686f74L;

    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Bounds one run; what is left is deleted by the next. */
    static final int MAX_BATCHES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private static final String DEAD_LETTERS = """
            delete from hookshot_dead_letter where message_id in (
                select message_id from hookshot_dead_letter where died_at < :cutoff limit :batch)""";
    private static final String MESSAGES = """
            with gone as (
                delete from hookshot_message where id in (
                    select m.id from hookshot_message m
                     where m.status in ('delivered', 'dead') and m.finished_at < :cutoff
                       and not exists (select 1 from hookshot_dead_letter d where d.message_id = m.id)
                     limit :batch)
                returning id),
            attempts as (delete from hookshot_attempt where message_id in (select id from gone) returning 1)
            select (select count(*) from gone), (select count(*) from attempts)""";

    private static final String EVENTS = """
            delete from hookshot_event where id in (
                select id from hookshot_event where created_at < :cutoff limit :batch)""";

    /** What one run did; {@code skipped} when another process held the lock. */
    public record Result(boolean skipped, long deadLetters, long messages, long attempts, long events) {}

    private final Jdbi jdbi;
    private final Duration deadLetterRetention;
    private final Duration historyRetention;
    private final int batchSize;
    private final Clock clock;

    public RetentionJob(
            Database database, Duration deadLetterRetention, Duration historyRetention, int batchSize, Clock clock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.jdbi = database.jdbi();
        this.deadLetterRetention = deadLetterRetention;
        this.historyRetention = historyRetention;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    public Result runOnce() {
        try (Handle h = jdbi.open()) {
            boolean locked = h.createQuery("select pg_try_advisory_lock(:key)")
                    .bind("key", LOCK_KEY)
                    .mapTo(Boolean.class)
                    .one();
            if (!locked) {
                LOG.debug("retention skipped: another process is running it");
                return new Result(true, 0, 0, 0, 0);
            }
            try {
                return run(h);
            } finally {
                h.createQuery("select pg_advisory_unlock(:key)")
                        .bind("key", LOCK_KEY)
                        .mapTo(Boolean.class)
                        .one();
            }
        }
    }

    private Result run(Handle h) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        OffsetDateTime deadCutoff = now.minus(deadLetterRetention);
        OffsetDateTime historyCutoff = now.minus(historyRetention);
        long deadLetters = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n = h.createUpdate(DEAD_LETTERS)
                    .bind("cutoff", deadCutoff)
                    .bind("batch", batchSize)
                    .execute();
            deadLetters += n;
            if (n < batchSize) {
                break;
            }
        }
        long messages = 0;
        long attempts = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            long[] n = h.createQuery(MESSAGES)
                    .bind("cutoff", historyCutoff)
                    .bind("batch", batchSize)
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .one();
            messages += n[0];
            attempts += n[1];
            if (n[0] < batchSize) {
                break;
            }
        }
        long events = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n = h.createUpdate(EVENTS)
                    .bind("cutoff", historyCutoff)
                    .bind("batch", batchSize)
                    .execute();
            events += n;
            if (n < batchSize) {
                break;
            }
        }
        if (deadLetters + messages + events > 0) {
            LOG.info(
                    "retention deleted {} dead letters, {} messages, {} attempts and {} events",
                    deadLetters,
                    messages,
                    attempts,
                    events);
        }
        return new Result(false, deadLetters, messages, attempts, events);
    }
}
