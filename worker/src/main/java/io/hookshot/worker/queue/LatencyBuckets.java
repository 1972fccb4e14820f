package io.hookshot.worker.queue;

import java.util.Map;
import java.util.SortedMap;

/**
 * Latency histogram buckets whose bounds grow by 10 %, so that a percentile read from them is within 5 % of the true
 * one whatever the scale: bucket 0 holds durations under 1 ms, bucket {@code k >= 1} those from {@code 1.1^(k-1)} ms
 * to {@code 1.1^k} ms (a minute falls in bucket 116). Stateless.
 */
public final class LatencyBuckets {
    private static final double RATIO = 1.1;
    private static final double LOG_RATIO = Math.log(RATIO);

    private LatencyBuckets() {}

    /** The bucket of a duration in ms (negative durations count as 0). */
    public static int of(long durationMs) {
        if (durationMs < 1) {
            return 0;
        }
        return 1 + (int) Math.floor(Math.log(durationMs) / LOG_RATIO + 1e-9);
    }

    /** The duration (ms) a bucket stands for: the geometric middle of its bounds, to 0.1 ms; 0 for bucket 0. */
    public static double value(int bucket) {
        if (bucket <= 0) {
            return 0;
        }
        return Math.round(Math.pow(RATIO, bucket - 1) * Math.sqrt(RATIO) * 10) / 10.0;
    }

    /**
     * The {@code q} quantile (0 &lt; q &lt;= 1) of the durations counted in {@code counts} (bucket to count, in
     * bucket order): the value of the bucket holding the {@code ceil(q * n)}th smallest; null when nothing is counted.
     */
    public static Double quantile(SortedMap<Integer, Long> counts, double q) {
        long n = counts.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return value(e.getKey());
            }
        }
        return value(counts.lastKey());
    }
}
