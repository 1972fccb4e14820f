package io.hookshot.worker.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Records durations (latency, lateness) in microseconds into an HdrHistogram with three significant digits.
 * Negative values (a delayed job that fired a little early by the receiver's clock) are counted apart and recorded
 * as zero. Thread-safe.
 */
final class LatencyRecorder {
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram = new ConcurrentHistogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);

    void recordNanos(long nanos) {
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    Percentiles summary() {
        Histogram copy = histogram.copy();
        if (copy.getTotalCount() == 0) {
            return Percentiles.NONE;
        }
        return new Percentiles(
                copy.getTotalCount(),
                millis(copy.getValueAtPercentile(50)),
                millis(copy.getValueAtPercentile(90)),
                millis(copy.getValueAtPercentile(99)),
                millis(copy.getMaxValue()));
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /** A distribution in milliseconds (two decimals); {@link #NONE} when nothing was recorded. */
    record Percentiles(long count, double p50, double p90, double p99, double max) {
        static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);
    }
}
