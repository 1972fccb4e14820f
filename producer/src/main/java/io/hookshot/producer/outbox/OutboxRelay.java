package io.hookshot.producer.outbox;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed rows of a {@link JdbcOutbox} table to Redis and deletes them. One batch ({@link #relayOnce}):
 * <ol>
 *   <li>In one transaction, lock up to {@link Settings#batchSize()} waiting rows, oldest first, skipping rows another
 *       relay has locked ({@code FOR UPDATE SKIP LOCKED}): relays run side by side, each row in one batch at a
 *       time.</li>
 *   <li>Enqueue their messages and publish their events through the producer, in insert order, under the ids stored
 *       with them ({@link RelayBatch}).</li>
 *   <li>Delete the rows sent; mark the rows the producer refused with the reason (they stay, for an operator, and
 *       are not taken again); commit.</li>
 * </ol>
 * A relay that dies between 2 and 3 leaves its rows locked only until its connection closes; the next batch sends
 * them again, and the queue stores them once (each carries an idempotency key: its own, or its id; see
 * {@link OutboxBodies}). A Redis or database failure rolls the batch back.
 *
 * <p>{@link #start()} runs batches on a thread of its own: another at once after a full batch, else after
 * {@link Settings#pollInterval()}. Thread-safe. It neither opens nor closes the data source or the producer.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** How long {@link #close()} waits for a batch in progress. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final HookshotProducer producer;
    private final Settings settings;
    private final OutboxTable table;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<Thread> thread = new AtomicReference<>();

    public OutboxRelay(DataSource dataSource, HookshotProducer producer, Settings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.table = new OutboxTable(settings.tableName());
    }

    /**
     * Starts relaying on a daemon thread, until {@link #close()}.
     *
     * @throws IllegalStateException when started before or closed
     */
    public void start() {
        Thread t = Thread.ofPlatform()
                .name("hookshot-outbox-relay-" + table.name())
                .daemon()
                .unstarted(this::loop);
        if (stop.getCount() == 0 || !thread.compareAndSet(null, t)) {
            throw new IllegalStateException("outbox relay was started already, or closed");
        }
        t.start();
        LOG.info(
                "outbox relay started on table {}: batches of {}, polling every {} ms",
                table.name(),
                settings.batchSize(),
                settings.pollInterval().toMillis());
    }

    /**
     * Relays one batch and returns how many rows it sent (rows refused are not counted).
     *
     * @throws OutboxRelayException when the table cannot be read or written; the batch is rolled back
     * @throws ProducerException    when Redis fails; the batch is rolled back, and relaying it again is harmless
     */
    public int relayOnce() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<OutboxRow> rows = table.lockBatch(c, settings.batchSize());
                RelayBatch batch = new RelayBatch(producer).send(rows);
                table.delete(c, batch.relayed());
                table.refuse(c, batch.refused());
                c.commit();
                batch.refused()
                        .forEach((row, reason) -> LOG.error(
                                "outbox row {} ({} {}) refused by the producer, left in {} with the reason: {}",
                                row.seq(),
                                row.kind(),
                                row.id(),
                                table.name(),
                                reason));
                return batch.relayed().size();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxRelayException("outbox relay on table " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The rows waiting to be relayed (refused rows not counted).
     *
     * @throws OutboxRelayException when the table cannot be read
     */
    public long rowsWaiting() {
        try (Connection c = dataSource.getConnection()) {
            return table.waiting(c);
        } catch (SQLException e) {
            throw new OutboxRelayException("cannot count the rows of table " + table.name() + ": " + e.getMessage(), e);
        }
    }

    /** Stops the thread {@link #start()} started, after the batch in progress. Idempotent. */
    @Override
    public void close() {
        stop.countDown();
        Thread t = thread.get();
        if (t == null) {
            return;
        }
        try {
            if (!t.join(CLOSE_TIMEOUT)) {
                LOG.warn(
                        "outbox relay on table {} still runs a batch after {} s",
                        table.name(),
                        CLOSE_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        Duration wait = Duration.ZERO;
        while (!stopsWithin(wait)) {
            try {
                wait = relayOnce() >= settings.batchSize() ? Duration.ZERO : settings.pollInterval();
            } catch (RuntimeException e) {
                LOG.warn(
                        "outbox relay on table {} failed; trying again in {} ms: {}",
                        table.name(),
                        settings.pollInterval().toMillis(),
                        e.getMessage());
                wait = settings.pollInterval();
            }
        }
    }

    private boolean stopsWithin(Duration wait) {
        try {
            return stop.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * How a relay works. Immutable; validated when made.
     *
     * @param tableName    the outbox table, as {@link JdbcOutbox#JdbcOutbox(String)} takes it
     * @param batchSize    rows per batch, 1 to {@value #MAX_BATCH_SIZE}
     * @param pollInterval how long an idle relay waits before looking again, 10 ms to 1 h
     */
    public record Settings(String tableName, int batchSize, Duration pollInterval) {
        public static final int DEFAULT_BATCH_SIZE = 100;
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
        public static final int MAX_BATCH_SIZE = 1000;
        public static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);
        public static final Duration MAX_POLL_INTERVAL = Duration.ofHours(1);

        public Settings {
            OutboxTable.requireValidName(tableName);
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be 1 to " + MAX_BATCH_SIZE + ", got " + batchSize);
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 || pollInterval.compareTo(MAX_POLL_INTERVAL) > 0) {
                throw new IllegalArgumentException("pollInterval must be 10 ms to 1 h, got " + pollInterval);
            }
        }

        /** The table {@value JdbcOutbox#DEFAULT_TABLE_NAME}, {@value #DEFAULT_BATCH_SIZE} rows a batch, 1 s. */
        public static Settings defaults() {
            return new Settings(JdbcOutbox.DEFAULT_TABLE_NAME, DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL);
        }
    }
}
