package io.hookshot.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * How a producer awaits outcomes ({@link HookshotProducer#sendAndAwait}, {@link HookshotProducer#publishAndAwait}).
 * Immutable, validated; errors name the field.
 *
 * @param timeout      how long a future waits before it fails with a {@link java.util.concurrent.TimeoutException}
 *                     (a send may give its own)
 * @param maxPending   the most futures pending at once; an awaiting send beyond it throws
 *                     {@link TooManyPendingOutcomesException} and enqueues nothing
 * @param pollInterval how soon after a send the producer starts reading the outcome record itself, in case its
 *                     notification was missed (the subscription was down); it reads again at doubling intervals,
 *                     up to {@link #MAX_POLL_GAP}
 */
public record AwaitSettings(Duration timeout, int maxPending, Duration pollInterval) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    /** The longest gap between two reads of one pending outcome record. */
    public static final Duration MAX_POLL_GAP = Duration.ofSeconds(30);
    /**
     * How long the scripts keep an outcome record (past the notification): well beyond {@link #MAX_POLL_GAP}, so a
     * record of a message settled while its notification was lost is still there at the next read.
     */
    public static final Duration RECORD_KEEP = Duration.ofMinutes(5);
    /** The longest timeout that may be set. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

    public AwaitSettings {
        requireTimeout(timeout);
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.toMillis() < 10 || pollInterval.compareTo(MAX_POLL_GAP) > 0) {
            throw new IllegalArgumentException("pollInterval must be from 10ms to 30s, got " + pollInterval);
        }
    }

    public static AwaitSettings defaults() {
        return new AwaitSettings(DEFAULT_TIMEOUT, DEFAULT_MAX_PENDING, DEFAULT_POLL_INTERVAL);
    }

    public AwaitSettings withTimeout(Duration newTimeout) {
        return new AwaitSettings(newTimeout, maxPending, pollInterval);
    }

    public AwaitSettings withMaxPending(int newMax) {
        return new AwaitSettings(timeout, newMax, pollInterval);
    }

    public AwaitSettings withPollInterval(Duration newInterval) {
        return new AwaitSettings(timeout, maxPending, newInterval);
    }

    /** Checks a timeout: positive, at most {@link #MAX_TIMEOUT}; the message names {@code timeout}. */
    static Duration requireTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be from 1ms to 7 days, got " + timeout);
        }
        return timeout;
    }
}
