package io.hookshot.worker.run;

import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.queue.RedisJobQueue;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns expired leases to the queue every interval, +/-20 % jitter so that workers do not reap in step (every
 * worker reaps every partition; there is no leader). Runs on the worker's timer until it shuts down. Thread-safe.
 */
final class Reaper {
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

    private final RedisJobQueue queue;
    private final WorkerMetrics metrics;
    private final ScheduledExecutorService timers;
    private final Duration interval;

    Reaper(RedisJobQueue queue, WorkerMetrics metrics, ScheduledExecutorService timers, Duration interval) {
        this.queue = queue;
        this.metrics = metrics;
        this.timers = timers;
        this.interval = interval;
    }

    /** Schedules the next pass, after the interval with jitter. */
    void schedule() {
        long base = interval.toMillis();
        long delay = base + ThreadLocalRandom.current().nextLong(-base / 5, base / 5 + 1);
        timers.schedule(this::reapOnce, delay, TimeUnit.MILLISECONDS);
    }

    private void reapOnce() {
        try {
            long reaped = queue.reap();
            metrics.leasesReaped(reaped);
            if (reaped > 0) {
                LOG.info("reaped {} jobs whose lease expired", reaped);
            }
        } catch (RuntimeException e) {
            LOG.warn("reaping failed: {}", e.toString());
        } finally {
            if (!timers.isShutdown()) {
                schedule();
            }
        }
    }
}
