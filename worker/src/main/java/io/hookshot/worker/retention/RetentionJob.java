package io.hookshot.worker.retention;

import io.hookshot.worker.store.AdvisoryLock;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.DayPartitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
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
 *   <li>Messages, attempts and events are partitioned by day ({@link DayPartitions}): drop each partition whose whole
 *       day ended before now minus the history retention, delete expired rows of the DEFAULT and legacy partitions
 *       in batches, and create the partitions of today and the next days. Messages still live, or whose dead letter
 *       is still archived (so they can be replayed), are kept: a dropped day's move to DEFAULT, and go once they
 *       finished the history retention ago. Attempts go by their start and events by their creation, whatever their
 *       message: a replay numbers its series from the dead letter and the message, not the attempt rows.</li>
 *   <li>Each batch deletes at most {@link #batchSize} rows per statement, each statement its own short transaction,
 *       so no table is locked for long; at most {@link #MAX_BATCHES} batches per table and run.</li>
 *   <li>Release the lock.</li>
 * </ol>
 */
public final class RetentionJob {
    /** The advisory lock key, shared with the partitions' maintenance. */
    public static final long LOCK_KEY = DayPartitions.LOCK_KEY;

    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Bounds one run; what is left is deleted by the next. */
    static final int MAX_BATCHES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private static final String DEAD_LETTERS = """
            delete from hookshot_dead_letter where message_id in (
                select message_id from hookshot_dead_letter where died_at < :cutoff limit :batch)""";

    /**
     * What one run did; {@code skipped} when another process held the lock. {@code messages}, {@code attempts} and
     * {@code events}: rows deleted from the DEFAULT and legacy partitions; {@code partitions}: daily (and legacy)
     * partitions dropped, of all three tables.
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
        Instant now = clock.instant();
        Instant historyCutoff = now.minus(historyRetention);
        long deadLetters = inBatches(() -> h.createUpdate(DEAD_LETTERS)
                .bind("cutoff", now.minus(deadLetterRetention).atOffset(ZoneOffset.UTC))
                .bind("batch", batchSize)
                .execute());
        long partitions = 0;
        Map<DayPartitions, Long> rows = new HashMap<>();
        for (DayPartitions table : DayPartitions.ALL) {
            partitions += table.dropExpired(h, historyCutoff).size();
            rows.put(table, inBatches(() -> table.deleteExpiredRows(h, historyCutoff, batchSize)));
            table.createAhead(h, now);
        }
        Result result = new Result(
                false,
                deadLetters,
                rows.get(DayPartitions.MESSAGES),
                rows.get(DayPartitions.ATTEMPTS),
                partitions,
                rows.get(DayPartitions.EVENTS));
        if (deadLetters
                        + partitions
                        + rows.values().stream().mapToLong(Long::longValue).sum()
                > 0) {
            LOG.info(
                    "retention deleted {} dead letters, {} messages, {} attempts and {} events, and dropped {}"
                            + " partitions",
                    deadLetters,
                    result.messages(),
                    result.attempts(),
                    result.events(),
                    partitions);
        }
        return result;
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
