package io.hookshot.worker.store;

import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.queue.PartitionReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox streams of one queue into the {@link HistoryStore}. Thread-safe: {@link #drainOnce()} passes
 * are serialized, and {@link #close()} may be called from any thread, more than once.
 *
 * <p>One pass, for each partition:
 * <ol>
 *   <li>Make sure the consumer group {@value RedisOutbox#GROUP} exists (it starts at the stream's beginning).</li>
 *   <li>Read up to a batch: first what this consumer read before and did not acknowledge (a failed batch, or a
 *       previous run under the same worker id), then new entries; now and then take over entries that another
 *       consumer left pending longer than {@link ExporterSettings#claimIdle()} (XAUTOCLAIM).</li>
 *   <li>Write the batch in one transaction. If Postgres refuses the data itself, write the entries one by one and
 *       drop (log, count) those it refuses alone, so one bad entry cannot block a stream.</li>
 *   <li>Only after the commit: archive the dead jobs (remove them from Redis), then acknowledge and delete the
 *       entries. A crash anywhere in between replays the batch, which changes nothing.</li>
 * </ol>
 * Before its first pass it brings the history schema up to date ({@link HistorySchema#ensureCurrent()}), so a worker
 * starts without PostgreSQL. While Postgres (or Redis) fails, nothing is acknowledged: the outbox grows, delivery
 * goes on, and the exporter retries with a backoff up to {@link #MAX_BACKOFF}, logging once that the history is
 * waiting and once that it caught up ({@link ExportOutage}).
 *
 * <p>{@link #close(Duration)} stops the thread and then exports what is left, so the last worker to stop leaves the
 * history current.
 */
public final class OutboxExporter implements AutoCloseable {
    /** The longest wait between attempts while the history or Redis fails. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** The first wait after a failure; it doubles up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

    static final Backoff BACKOFF = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(OutboxExporter.class);

    private final RedisOutbox outbox;
    private final HistoryStore store;
    private final HistorySchema schema;
    private final String consumer;
    private final ExporterSettings settings;
    /** Each partition's reader; used only under the drain lock. */
    private final List<PartitionReader<OutboxEntry>> partitions;

    private final ReentrantLock drainLock = new ReentrantLock();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final Thread thread;
    private final LongAdder rejected = new LongAdder();
    private final WorkerMetrics metrics;

    /** An exporter into a history whose schema its caller migrated, with meters nobody reads. */
    public OutboxExporter(
            RedissonClient redisson,
            String queue,
            int partitionCount,
            HistoryStore store,
            String consumer,
            ExporterSettings settings) {
        this(
                redisson,
                queue,
                partitionCount,
                store,
                HistorySchema.migratedByCaller(),
                consumer,
                settings,
                WorkerMetrics.unread());
    }

    /**
     * An exporter that migrates {@code schema} before its first pass and reports its batch sizes and failed passes
     * to {@code metrics}.
     */
    public OutboxExporter(
            RedissonClient redisson,
            String queue,
            int partitionCount,
            HistoryStore store,
            HistorySchema schema,
            String consumer,
            ExporterSettings settings,
            WorkerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.outbox = new RedisOutbox(redisson, queue, partitionCount);
        this.store = Objects.requireNonNull(store, "store");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.settings = Objects.requireNonNull(settings, "settings");
        List<PartitionReader<OutboxEntry>> readers = new ArrayList<>(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            readers.add(
                    new PartitionReader<>(outbox.entries(), p, consumer, settings.batchSize(), settings.claimIdle()));
        }
        this.partitions = List.copyOf(readers);
        this.thread =
                Thread.ofPlatform().daemon().name("hookshot-exporter-" + queue).unstarted(this::run);
    }

    /** Starts draining on a daemon thread. Call at most once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the outbox exporter is started already");
        }
        thread.start();
    }

    /**
     * One pass over all partitions, one batch each. Returns how many entries it exported (written, or dropped as
     * unreadable). Throws {@link HistoryUnavailableException} when the schema cannot be brought up to date,
     * {@link HistoryWriteException} when the history cannot be written, and Redisson's exceptions when Redis fails;
     * then the failed partition's batch stays pending and is read again next pass.
     */
    public int drainOnce() {
        return pass().exported();
    }

    /** What one pass did: entries exported, and whether a partition filled its batch (so more may be waiting). */
    private record Pass(int exported, boolean backlogLeft) {}

    private Pass pass() {
        drainLock.lock();
        try {
            schema.ensureCurrent();
            int exported = 0;
            boolean backlogLeft = false;
            for (int p = 0; p < partitions.size(); p++) {
                int n = drain(p);
                exported += n;
                backlogLeft |= n >= settings.batchSize();
            }
            return new Pass(exported, backlogLeft);
        } catch (RuntimeException e) {
            for (PartitionReader<OutboxEntry> partition : partitions) {
                partition.afterFailure();
            }
            throw e;
        } finally {
            drainLock.unlock();
        }
    }

    /** Entries waiting in the outbox streams: not yet exported, or exported and not yet deleted. */
    public long lag() {
        return outbox.length();
    }

    /** How many entries Postgres refused even alone, and that were dropped; each is logged as an error. */
    public long rejectedEntries() {
        return rejected.sum();
    }

    /** Stops the thread, letting a pass in progress finish (waiting at most a few seconds); exports nothing more. */
    @Override
    public void close() {
        stopping.countDown();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                if (!thread.join(STOP_TIMEOUT)) {
                    LOG.warn("the outbox exporter did not stop within {}", STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops the thread like {@link #close()}, then exports what the outbox still holds, pass after pass, until a pass
     * finds nothing, a pass fails, or {@code within} has passed; returns how many entries it exported. What is left
     * stays in the outbox for the next exporter, as after a crash.
     */
    public int close(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        close();
        int exported = 0;
        try {
            while (System.nanoTime() - deadline < 0) {
                int n = drainOnce();
                exported += n;
                if (n == 0) {
                    return exported;
                }
            }
            LOG.warn("stopped exporting after {}: {} outbox entries left for the next exporter", within, lag());
        } catch (RuntimeException e) {
            LOG.warn("could not export the outbox before stopping; the next exporter will: {}", e.getMessage());
        }
        return exported;
    }

    /** The wait after {@code previous}: {@link #FIRST_BACKOFF} after none, then doubling up to {@link #MAX_BACKOFF}. */
    static Duration nextBackoff(Duration previous) {
        return BACKOFF.next(previous);
    }

    private int drain(int p) {
        List<OutboxEntry> batch = partitions.get(p).next().entries();
        if (batch.isEmpty()) {
            return 0;
        }
        metrics.exporterBatch(batch.size());
        List<OutboxEntry> written = write(batch);
        outbox.archive(
                p,
                written.stream()
                        .filter(OutboxEntry::isDeath)
                        .map(e -> e.messageId().orElseThrow())
                        .distinct()
                        .toList());
        outbox.acknowledge(p, batch);
        return batch.size();
    }

    /** Writes the batch; returns the entries written (the batch, less those Postgres refused even alone). */
    private List<OutboxEntry> write(List<OutboxEntry> batch) {
        try {
            return store.write(batch);
        } catch (HistoryWriteException e) {
            if (!e.rejectedData()) {
                throw e;
            }
            if (batch.size() == 1) {
                rejected.increment();
                LOG.error("dropped outbox entry {}: Postgres refused it: {}", batch.getFirst(), e.getMessage());
                return List.of();
            }
            LOG.warn(
                    "Postgres refused a batch of {} outbox entries; writing them one by one: {}",
                    batch.size(),
                    e.getMessage());
            List<OutboxEntry> written = new ArrayList<>(batch.size());
            for (OutboxEntry entry : batch) {
                written.addAll(write(List.of(entry)));
            }
            return written;
        }
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        ExportOutage outage = new ExportOutage();
        while (stopping.getCount() > 0) {
            Duration wait;
            try {
                Pass pass = pass();
                backoff = Duration.ZERO;
                outage.passed(pass.exported(), pass.backlogLeft());
                wait = pass.exported() == 0 ? settings.idlePollInterval() : Duration.ZERO;
            } catch (RuntimeException e) {
                metrics.exporterError();
                outage.failed(e);
                backoff = nextBackoff(backoff);
                wait = backoff;
            }
            if (!wait.isZero() && awaitStop(wait)) {
                return;
            }
        }
    }

    private boolean awaitStop(Duration wait) {
        try {
            return stopping.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
