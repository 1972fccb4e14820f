package io.hookshot.worker.run;

import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.queue.RedisJobQueue;
import io.hookshot.worker.queue.SettleResult;
import io.hookshot.worker.queue.Settlement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends settlements to Redis in batches, one pipelined round trip per batch, on one thread. While Redis is
 * unreachable it keeps the batch and tries again; the leases stay in flight (and renewed) meanwhile. A settlement
 * answered as stale (the lease was lost and another worker owns the job) is logged and counted, never retried.
 * Its thread runs {@link #flush()}; a test calls that step itself and starts no thread. Thread-safe, but for
 * {@link #flush()}: one thread at a time.
 */
final class Acker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Acker.class);
    private static final int MAX_BATCH = 256;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final RedisJobQueue queue;
    private final InFlight inFlight;
    private final Fetcher.Hints hints;
    private final WorkerMetrics metrics;
    private final LinkedBlockingQueue<Settlement> pending = new LinkedBlockingQueue<>();
    private final AtomicLong staleAcks = new AtomicLong();
    /** The batch being sent; kept when its round trip failed, to be sent again as it was. The acker's thread only. */
    private final List<Settlement> batch = new ArrayList<>(MAX_BATCH);

    private final Thread thread;
    private volatile boolean stopping;

    Acker(RedisJobQueue queue, InFlight inFlight, Fetcher.Hints hints, WorkerMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.hints = hints;
        this.thread = Thread.ofPlatform().name("hookshot-acker").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void submit(Settlement settlement) {
        pending.add(settlement);
    }

    long staleAcks() {
        return staleAcks.get();
    }

    /**
     * One pass: one round trip sending the batch a failed pass left, else what is pending (at most a batch); returns
     * how many outcomes Redis answered (zero: nothing to send). When Redis cannot be reached it throws and keeps the
     * batch for the next pass. Called by the acker's thread, or by a test that does not start it.
     */
    int flush() {
        if (batch.isEmpty()) {
            pending.drainTo(batch, MAX_BATCH);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        List<SettleResult> results = queue.settle(batch);
        for (int i = 0; i < batch.size(); i++) {
            finished(batch.get(i), results.get(i));
        }
        int answered = batch.size();
        batch.clear();
        return answered;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopping || !pending.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty() && !awaitBatch()) {
                    continue;
                }
                try {
                    flush();
                    backoff = FIRST_BACKOFF;
                } catch (RuntimeException e) {
                    LOG.warn(
                            "could not record {} outcomes in Redis, trying again in {} ms: {}",
                            batch.size(),
                            backoff.toMillis(),
                            e.toString());
                    TimeUnit.NANOSECONDS.sleep(backoff.toNanos());
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits a little for a settlement; true when it came, with what else is pending, into the batch. */
    private boolean awaitBatch() throws InterruptedException {
        Settlement first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        pending.drainTo(batch, MAX_BATCH - 1);
        return true;
    }

    private void finished(Settlement settlement, SettleResult result) {
        inFlight.remove(settlement.lease());
        if (result != SettleResult.SETTLED) {
            staleAcks.incrementAndGet();
            metrics.staleAck();
            LOG.warn(
                    "stale acknowledgement for {} (attempt outcome {}): its lease was lost, another worker owns it",
                    settlement.lease().id(),
                    settlement.getClass().getSimpleName());
        } else {
            // The lease is released, so its endpoint may be under its concurrency cap again: claim at once rather
            // than after the poll interval. (A retry's due time comes back with that claim's answer.)
            hints.dueIn(settlement.lease().partition(), Duration.ZERO);
        }
    }

    /** Stops after sending what is pending (waiting at most 10 s). */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
