package io.hookshot.worker.retention;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link RetentionJob} every interval on a daemon thread, until closed. Thread-safe. */
public final class RetentionSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

    private final ScheduledExecutorService timer;

    private RetentionSchedule(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** First run after one interval; a failed run is logged and the next one tries again. */
    public static RetentionSchedule start(RetentionJob job, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("hookshot-retention").daemon().factory());
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        job.runOnce();
                    } catch (RuntimeException e) {
                        LOG.warn("retention run failed; trying again in {}", interval, e);
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return new RetentionSchedule(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
