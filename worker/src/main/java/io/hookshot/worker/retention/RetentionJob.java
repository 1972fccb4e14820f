package io.hookshot.worker.retention;

import io.hookshot.worker.store.AdvisoryLock;
import io.hookshot.worker.store.AttemptPartitions;
import io.hookshot.worker.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
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
 *   <li>Delete messages that finished (delivered or dead) before now minus the history retention; a message whose
 *       dead letter is still archived stays, so it can still be replayed.</li>
 *   <li>Attempts are kept the history retention from their start, whatever their message: drop each attempt partition
 *       whose whole range ended before now minus the history retention, delete older rows of the DEFAULT and legacy
 *       partitions in batches, and create the partitions of today and the next days ({@link AttemptPartitions}).
 *       Nothing needs an attempt row once it is gone: a replay numbers its series from the dead letter and the
 *       message.</li>
 *   <li>Delete events created before now minus the history retention (their messages go by the step above).</li>
 *   <li>Each step deletes at most {@link #batchSize} rows per statement, each statement its own short transaction,
 *       so no table is locked for long; at most {@link #MAX_BATCHES} batches per step and run.</li>
 *   <li>Release the lock.</li>
 * </ol>
 */
public final class RetentionJob {
    /** The advisory lock key, shared with the attempt partitions' maintenance. */
    public static final long LOCK_KEY = AttemptPartitions.LOCK_KEY;

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
                returning id)
            select count(*) from gone""";

    private static final String EVENTS = """
            delete from hookshot_event where id in (
                select id from hookshot_event where created_at < :cutoff limit :batch)""";

    /**
     * What one run did; {@code skipped} when another process held the lock. {@code attempts}: rows deleted from the
     * DEFAULT and legacy partitions; {@code partitions}: attempt partitions dropped.
     */
    public record Result(
            boolean skipped, long deadLetters, long messages, long attempts, long partitions, long events) {}

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
            return AdvisoryLock.tryWith(h, LOCK_KEY, () -> run(h)).orElseGet(() -> {
                LOG.debug("retention skipped: another process is running it");
                return new Result(true, 0, 0, 0, 0, 0);
            });
        }
    }

    private Result run(Handle h) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        OffsetDateTime deadCutoff = now.minus(deadLetterRetention);
        OffsetDateTime historyCutoff = now.minus(historyRetention);
        long deadLetters = inBatches(() -> h.createUpdate(DEAD_LETTERS)
                .bind("cutoff", deadCutoff)
                .bind("batch", batchSize)
                .execute());
        long messages = inBatches(() -> h.createQuery(MESSAGES)
                .bind("cutoff", historyCutoff)
                .bind("batch", batchSize)
                .mapTo(Long.class)
                .one());
        long partitions =
                AttemptPartitions.dropExpired(h, historyCutoff.toInstant()).size();
        long attempts = inBatches(() -> AttemptPartitions.deleteExpiredRows(h, historyCutoff.toInstant(), batchSize));
        AttemptPartitions.createAhead(h, now.toInstant());
        long events = inBatches(() -> h.createUpdate(EVENTS)
                .bind("cutoff", historyCutoff)
                .bind("batch", batchSize)
                .execute());
        if (deadLetters + messages + attempts + partitions + events > 0) {
            LOG.info(
                    "retention deleted {} dead letters, {} messages, {} attempts, {} attempt partitions and {} events",
                    deadLetters,
                    messages,
                    attempts,
                    partitions,
                    events);
        }
        return new Result(false, deadLetters, messages, attempts, partitions, events);
    }

    /** Runs {@code oneBatch} until it deletes fewer than a batch, at most {@link #MAX_BATCHES} times; the total. */
    private long inBatches(LongSupplier oneBatch) {
        long total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            long n = oneBatch.getAsLong();
            total += n;
            if (n < batchSize) {
                break;
            }
        }
        return total;
    }
}
