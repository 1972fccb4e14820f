package io.hookshot.worker.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Waits between tries of something that fails while a dependency is down: {@link #first()} after the first failure,
 * then doubling up to {@link #max()}. A pure function; immutable.
 */
public record Backoff(Duration first, Duration max) {
    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** The wait after {@code previous}: {@link #first()} after none (zero), then doubling up to {@link #max()}. */
    public Duration next(Duration previous) {
        if (previous.isZero()) {
            return first;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
