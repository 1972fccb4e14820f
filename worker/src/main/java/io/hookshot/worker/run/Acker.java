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
 * Thread-safe.
 */
final class Acker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Acker.class);
    private static final int MAX_BATCH = 256;

    private final RedisJobQueue queue;
    private final InFlight inFlight;
    private final Fetcher.Hints hints;
    private final WorkerMetrics metrics;
    private final LinkedBlockingQueue<Settlement> pending = new LinkedBlockingQueue<>();
    private final AtomicLong staleAcks = new AtomicLong();
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

    private void run() {
        List<Settlement> batch = new ArrayList<>(MAX_BATCH);
        while (!stopping || !pending.isEmpty()) {
            try {
                Settlement first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                sendUntilDone(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendUntilDone(List<Settlement> batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                List<SettleResult> results = queue.settle(batch);
                for (int i = 0; i < batch.size(); i++) {
                    finished(batch.get(i), results.get(i));
                }
                return;
            } catch (RuntimeException e) {
                LOG.warn("could not record {} outcomes in Redis, trying again in {} ms: {}", batch.size(),
                        backoff.toMillis(), e.toString());
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void finished(Settlement settlement, SettleResult result) {
        inFlight.remove(settlement.lease());
        if (result != SettleResult.SETTLED) {
            staleAcks.incrementAndGet();
            metrics.staleAck();
            LOG.warn("stale acknowledgement for {} (attempt outcome {}): its lease was lost, another worker owns it",
                    settlement.lease().id(), settlement.getClass().getSimpleName());
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
