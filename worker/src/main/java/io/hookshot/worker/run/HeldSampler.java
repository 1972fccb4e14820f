package io.hookshot.worker.run;

import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.HeldSeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples how many messages each endpoint's breaker, pause or rate limit holds into the {@link HeldSeries}: at once,
 * then early in every minute of the worker's clock, as that minute's count. Every worker samples (there is no
 * leader); the series keeps one count per minute whoever wrote it. Runs on the worker's timer until it shuts down. A
 * failure is logged once when it starts and once when it ends. Not thread-safe: runs on that one thread.
 */
final class HeldSampler {
    private static final Logger LOG = LoggerFactory.getLogger(HeldSampler.class);
    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    /** How long after a minute starts its sample is taken. */
    private static final long OFFSET_MS = 500;

    private final EndpointHealthReader reader;
    private final HeldSeries series;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private boolean failing;

    HeldSampler(EndpointHealthReader reader, HeldSeries series, ScheduledExecutorService timers, Clock clock) {
        this.reader = reader;
        this.series = series;
        this.timers = timers;
        this.clock = clock;
    }

    /** Samples now, then every minute. */
    void start() {
        timers.execute(this::sampleOnce);
    }

    private void sampleOnce() {
        try {
            Instant now = clock.instant();
            series.record(reader.read(ep -> true, now), now.toEpochMilli() / MINUTE_MS);
            if (failing) {
                LOG.info("the held-messages series is sampled again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (timers.isShutdown()) {
                return; // the worker stopped during a sample: nothing failed
            }
            if (!failing) {
                LOG.warn("cannot sample the held-messages series; trying again every minute: {}", e.toString());
                failing = true;
            }
        } finally {
            if (!timers.isShutdown()) {
                long now = clock.millis();
                timers.schedule(this::sampleOnce, MINUTE_MS - now % MINUTE_MS + OFFSET_MS, TimeUnit.MILLISECONDS);
            }
        }
    }
}
