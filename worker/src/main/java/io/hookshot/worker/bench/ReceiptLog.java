package io.hookshot.worker.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one scenario expects and what its receiver saw, per message id: when it was sent (and when it is due), every
 * request, the first 200, and 200s after the first (duplicates). Also decides each answer: 503 for a share of the
 * requests, never more often per message than its schedule has retries, so every message is delivered in the end,
 * and 503 for every request its {@link ReceiptWatch} refuses. Thread-safe.
 */
final class ReceiptLog {
    static final int OK = 200;
    static final int UNAVAILABLE = 503;

    /** One message: set before it is sent, then updated by the receiver. */
    private static final class Expected {
        final long dueEpochMicros;
        volatile long sentNanos;
        /** When the first 200 arrived; 0 until then. */
        volatile long deliveredNanos;

        final AtomicInteger failures = new AtomicInteger();
        final AtomicBoolean delivered = new AtomicBoolean();
        final AtomicBoolean attempted = new AtomicBoolean();

        Expected(long dueEpochMicros) {
            this.dueEpochMicros = dueEpochMicros;
        }
    }

    private final Map<String, Expected> expected = new ConcurrentHashMap<>();
    private final double failFraction;
    private final int maxFailuresPerMessage;
    private final ReceiptWatch watch;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder lateness = new LatencyRecorder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private final AtomicLong lastFirstAttemptNanos = new AtomicLong();

    ReceiptLog(double failFraction, int maxFailuresPerMessage) {
        this(failFraction, maxFailuresPerMessage, ReceiptWatch.NONE);
    }

    /** Answers 200 to every request {@code watch} does not refuse. */
    ReceiptLog(ReceiptWatch watch) {
        this(0, 0, watch);
    }

    private ReceiptLog(double failFraction, int maxFailuresPerMessage, ReceiptWatch watch) {
        this.failFraction = failFraction;
        this.maxFailuresPerMessage = maxFailuresPerMessage;
        this.watch = watch;
    }

    /** Registers a message before it is sent; {@code dueEpochMicros} is negative when it is due at once. */
    void expect(String id, long dueEpochMicros) {
        expected.put(id, new Expected(dueEpochMicros));
    }

    /** The message's send starts now (call just before handing it to the producer). */
    void sending(String id, long nowNanos) {
        expected.get(id).sentNanos = nowNanos;
        watch.sending(id, nowNanos);
    }

    /** One request arrived for {@code id} (the {@code webhook-id}); returns the status to answer. */
    int answer(String id, long nowNanos, long nowEpochMicros) {
        requests.increment();
        Expected e = id == null ? null : expected.get(id);
        if (e == null) {
            unexpected.increment();
            return OK;
        }
        if (e.attempted.compareAndSet(false, true)) {
            lastFirstAttemptNanos.accumulateAndGet(nowNanos, Math::max);
            if (e.dueEpochMicros >= 0) {
                lateness.recordNanos((nowEpochMicros - e.dueEpochMicros) * 1_000);
            }
        }
        if (watch.refuse(id, nowNanos)) {
            return UNAVAILABLE;
        }
        if (!e.delivered.get()
                && failFraction > 0
                && e.failures.get() < maxFailuresPerMessage
                && ThreadLocalRandom.current().nextDouble() < failFraction) {
            e.failures.incrementAndGet();
            return UNAVAILABLE;
        }
        if (e.delivered.compareAndSet(false, true)) {
            e.deliveredNanos = nowNanos;
            deliveries.increment();
            if (e.dueEpochMicros < 0) {
                latency.recordNanos(nowNanos - e.sentNanos);
            }
            lastDeliveryNanos.accumulateAndGet(nowNanos, Math::max);
            watch.delivered(id, e.sentNanos, nowNanos);
        } else {
            duplicates.increment();
        }
        return OK;
    }

    int expectedCount() {
        return expected.size();
    }

    long delivered() {
        return deliveries.sum();
    }

    long requests() {
        return requests.sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long unexpected() {
        return unexpected.sum();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    /** When the last message to be tried got its first request; 0 before any request. */
    long lastFirstAttemptNanos() {
        return lastFirstAttemptNanos.get();
    }

    /** Messages whose first 200 arrived at or before {@code nanos}. */
    long deliveredBy(long nanos) {
        return expected.values().stream()
                .filter(e -> e.deliveredNanos != 0 && e.deliveredNanos <= nanos)
                .count();
    }

    LatencyRecorder.Percentiles latency() {
        return latency.summary();
    }

    LatencyRecorder.Percentiles lateness() {
        return lateness.summary();
    }

    /** Ids that were registered but never answered with a 200, at most {@code limit} of them. */
    java.util.List<String> missing(int limit) {
        return expected.entrySet().stream()
                .filter(en -> !en.getValue().delivered.get())
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }
}
