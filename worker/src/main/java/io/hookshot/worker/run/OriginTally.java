package io.hookshot.worker.run;

import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.LatencyBuckets;
import io.hookshot.worker.queue.OriginStats;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts this worker's attempts at each URL origin (attempts, answered 2xx, latency, the latest failure) and adds them
 * to the shared {@link OriginStats} every {@link #FLUSH_INTERVAL} and once more at shutdown. Counts that cannot be
 * written are dropped (they are figures for people; the history has every attempt), and the failure is logged once
 * when it starts and once when it ends. At most {@link #MAX_ORIGINS} origins are counted per minute between two
 * flushes.
 * Thread-safe: deliveries record, the worker's timer flushes.
 */
final class OriginTally {
    private static final Logger LOG = LoggerFactory.getLogger(OriginTally.class);
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);
    static final int MAX_ORIGINS = 10_000;
    /** The longest error message kept with a failure. */
    static final int MAX_MESSAGE_CHARS = 200;

    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();

    private final OriginStats stats;
    private final Clock clock;
    /** Counts by minute (epoch minutes), then by origin: a flush may find the minute before besides the current one. */
    private Map<Long, Map<String, Tally>> byMinute = new HashMap<>();

    private volatile boolean failing;

    /** One origin's counts in one minute since the last flush. */
    private static final class Tally {
        long attempts;
        long delivered;
        final Map<Integer, Long> buckets = new HashMap<>();
        OriginStats.Failure lastError;
    }

    OriginTally(OriginStats stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    /** Counts one attempt that made a request to {@code origin}. */
    synchronized void record(String origin, String messageId, AttemptRecord attempt, boolean delivered) {
        Map<String, Tally> origins = byMinute.computeIfAbsent(clock.millis() / MINUTE_MS, m -> new HashMap<>());
        Tally t = origins.get(origin);
        if (t == null) {
            if (origins.size() >= MAX_ORIGINS) {
                return;
            }
            t = new Tally();
            origins.put(origin, t);
        }
        t.attempts++;
        if (delivered) {
            t.delivered++;
        } else {
            t.lastError = new OriginStats.Failure(
                    attempt.startedAtMs(),
                    messageId,
                    attempt.statusCode(),
                    attempt.errorClass(),
                    shortened(attempt.errorMessage()));
        }
        t.buckets.merge(LatencyBuckets.of(attempt.durationMs()), 1L, Long::sum);
    }

    /** Flushes every {@link #FLUSH_INTERVAL} on {@code timers} until they shut down. */
    void start(ScheduledExecutorService timers) {
        long ms = FLUSH_INTERVAL.toMillis();
        timers.scheduleWithFixedDelay(this::flush, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Adds the counts so far to the shared figures, each as the minute it was counted in. */
    void flush() {
        Map<Long, Map<String, Tally>> taken;
        synchronized (this) {
            if (byMinute.isEmpty()) {
                return;
            }
            taken = byMinute;
            byMinute = new HashMap<>();
        }
        try {
            taken.forEach((minute, origins) -> {
                Map<String, OriginStats.Counts> counts = new HashMap<>();
                origins.forEach((origin, t) -> counts.put(
                        origin,
                        new OriginStats.Counts(t.attempts, t.delivered, t.buckets, Optional.ofNullable(t.lastError))));
                stats.add(counts, minute);
            });
            if (failing) {
                LOG.info("the origins' figures are written again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot write the origins' figures; dropping them until Redis answers: {}", e.toString());
                failing = true;
            }
        }
    }

    private static String shortened(String message) {
        return message == null || message.length() <= MAX_MESSAGE_CHARS
                ? message
                : message.substring(0, MAX_MESSAGE_CHARS);
    }
}
