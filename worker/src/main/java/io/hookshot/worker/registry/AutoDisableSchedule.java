package io.hookshot.worker.registry;

import io.hookshot.worker.store.HistorySchema;
import io.hookshot.worker.store.HistoryUnavailableException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker's {@link AutoDisable} on a thread of its own, every {@link #interval(Duration)}: a quarter of the
 * time an endpoint may fail, from 1 second to 1 minute. A pass that fails (PostgreSQL or Redis down) is logged once
 * until one succeeds again, and the next pass simply tries again. Thread-safe.
 */
public final class AutoDisableSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoDisableSchedule.class);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(1);

    private final AutoDisable check;
    private final HistorySchema schema;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hookshot-auto-disable").daemon().factory());
    /** Whether the last pass failed; only the timer's thread touches it. */
    private boolean failing;

    private AutoDisableSchedule(AutoDisable check, HistorySchema schema) {
        this.check = check;
        this.schema = schema;
    }

    /** Starts checking every {@link #interval(Duration)} of the check's time; returns at once. */
    public static AutoDisableSchedule start(AutoDisable check, HistorySchema schema) {
        AutoDisableSchedule schedule = new AutoDisableSchedule(check, schema);
        long ms = interval(check.after()).toMillis();
        schedule.timer.scheduleWithFixedDelay(schedule::runOnce, ms, ms, TimeUnit.MILLISECONDS);
        return schedule;
    }

    /** How often endpoints are checked when they are disabled after {@code after}. */
    static Duration interval(Duration after) {
        Duration quarter = after.dividedBy(4);
        return quarter.compareTo(MIN_INTERVAL) < 0
                ? MIN_INTERVAL
                : quarter.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : quarter;
    }

    private void runOnce() {
        try {
            schema.ensureCurrent();
            check.run();
            if (failing) {
                LOG.info("checking endpoints for the auto-disable works again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn(
                        "cannot check endpoints for the auto-disable ({}); trying again in a while",
                        HistoryUnavailableException.of(e)
                                .map(Throwable::getMessage)
                                .orElse(e.toString()));
            }
            failing = true;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
