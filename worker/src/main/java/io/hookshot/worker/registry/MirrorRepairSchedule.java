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
 * Runs a worker's {@link MirrorRepair}: at once, on a thread of its own (a worker starts and delivers while PostgreSQL
 * is down), then every interval. Each run first brings the schema up to date (the registry's tables are in it). A
 * failed run is logged (once until a run succeeds again) and tried again sooner: after {@link HistorySchema#RETRY},
 * never later than the interval. Thread-safe.
 */
public final class MirrorRepairSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorRepairSchedule.class);

    private final MirrorRepair repair;
    private final HistorySchema schema;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hookshot-mirror-repair").daemon().factory());
    /** The wait after the last failure; zero while runs succeed. Only the timer's thread touches it. */
    private Duration backoff = Duration.ZERO;

    private MirrorRepairSchedule(MirrorRepair repair, HistorySchema schema, Duration interval) {
        this.repair = repair;
        this.schema = schema;
        this.interval = interval;
    }

    /** Starts repairing now and every {@code interval}; returns at once. */
    public static MirrorRepairSchedule start(MirrorRepair repair, HistorySchema schema, Duration interval) {
        MirrorRepairSchedule schedule = new MirrorRepairSchedule(repair, schema, interval);
        schedule.timer.execute(schedule::runOnce);
        return schedule;
    }

    private void runOnce() {
        Duration next = interval;
        try {
            schema.ensureCurrent();
            MirrorRepair.Report report = repair.run();
            if (!backoff.isZero()) {
                LOG.info("registry mirror repaired again: {}", report);
            }
            LOG.debug("registry mirror repaired: {}", report);
            backoff = Duration.ZERO;
        } catch (RuntimeException e) {
            if (backoff.isZero()) {
                LOG.warn(
                        "cannot repair the registry's Redis mirror from PostgreSQL ({}); trying again, delivery goes"
                                + " on meanwhile",
                        HistoryUnavailableException.of(e)
                                .map(Throwable::getMessage)
                                .orElse(e.toString()));
            }
            backoff = HistorySchema.RETRY.next(backoff);
            next = backoff.compareTo(interval) < 0 ? backoff : interval;
        }
        if (!timer.isShutdown()) {
            timer.schedule(this::runOnce, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
