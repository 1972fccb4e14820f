package io.hookshot.worker.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process has brought the history schema up to date, and the means to do so while PostgreSQL may be
 * down. Nothing that reads or writes the history needs PostgreSQL to start: a worker's exporter calls
 * {@link #ensureCurrent()} before each pass until it succeeds, and a server calls {@link #migrateInBackground()}.
 * Thread-safe.
 */
public final class HistorySchema implements AutoCloseable {
    /** How the background migration waits between tries while PostgreSQL is unreachable. */
    public static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    /**
     * How often a process that has migrated creates the attempt partitions ahead again, from its exporter's passes:
     * a worker may run for weeks, and retention (which creates them too) runs only in {@code hookshot server}.
     */
    public static final Duration PARTITIONS_EVERY = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(HistorySchema.class);

    /** Null only for a schema {@link #migratedByCaller()}: it is never migrated here. */
    private final Database database;

    private final Duration partitionsEvery;
    private final ReentrantLock migrating = new ReentrantLock();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean current;
    private volatile long partitionsDueNanos;

    /** The schema of {@code database}, not yet brought up to date by this process. */
    public HistorySchema(Database database) {
        this(database, PARTITIONS_EVERY);
    }

    HistorySchema(Database database, Duration partitionsEvery) {
        this.database = Objects.requireNonNull(database, "database");
        this.partitionsEvery = partitionsEvery;
    }

    private HistorySchema() {
        this.database = null;
        this.partitionsEvery = PARTITIONS_EVERY;
        this.current = true;
    }

    /** A schema its caller has migrated already, with {@link Database#migrate()} (tests, the bench). */
    public static HistorySchema migratedByCaller() {
        return new HistorySchema();
    }

    /** Whether the migrations have run in this process (the history tables exist). */
    public boolean isCurrent() {
        return current;
    }

    /**
     * Applies the pending migrations, once per process; afterwards only creates the attempt partitions ahead again
     * every {@link #PARTITIONS_EVERY}. Throws {@link HistoryUnavailableException} when PostgreSQL cannot be reached
     * or refuses the migrations; calling again retries.
     */
    public void ensureCurrent() {
        if (current) {
            createPartitionsWhenDue();
            return;
        }
        migrating.lock();
        try {
            if (!current) {
                int applied = database.migrate();
                partitionsDueNanos = System.nanoTime() + partitionsEvery.toNanos();
                current = true;
                LOG.info("history schema is current ({} migrations applied)", applied);
            }
        } catch (RuntimeException e) {
            throw new HistoryUnavailableException("cannot bring the history schema up to date: " + describe(e));
        } finally {
            migrating.unlock();
        }
    }

    private void createPartitionsWhenDue() {
        if (database == null || System.nanoTime() - partitionsDueNanos < 0) {
            return;
        }
        partitionsDueNanos = System.nanoTime() + partitionsEvery.toNanos();
        database.createPartitionsAhead();
    }

    /**
     * Tries {@link #ensureCurrent()} now; when that fails, logs once that the history waits for PostgreSQL and goes
     * on trying on a daemon thread ({@link #RETRY}), logging once more when it succeeds. Returns at once either way.
     */
    public void migrateInBackground() {
        try {
            ensureCurrent();
            return;
        } catch (HistoryUnavailableException e) {
            LOG.warn(
                    "history unavailable: {}; retrying in the background, history routes answer 503 meanwhile",
                    e.getMessage());
        }
        Thread.ofPlatform().daemon().name("hookshot-schema").start(() -> {
            long start = System.nanoTime();
            Duration wait = Duration.ZERO;
            while (!current) {
                wait = RETRY.next(wait);
                try {
                    if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    ensureCurrent();
                    LOG.info(
                            "history available again after {} s",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                } catch (HistoryUnavailableException e) {
                    LOG.debug("history still unavailable: {}", e.getMessage());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Stops a background migration. */
    @Override
    public void close() {
        stopping.countDown();
    }

    /**
     * The innermost cause of a failure, by kind and message: enough to tell "connection refused" from "password
     * authentication failed", and never the JDBC URL, which outer messages quote.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLSTATE " + sql.getSQLState() + ")"
                : "";
        return root.getClass().getSimpleName() + state + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
