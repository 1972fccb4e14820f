package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {
    @Test
    void eachDurationFallsInABucketWhoseValueIsWithinFivePercent() {
        for (long ms : new long[] {1, 2, 3, 7, 10, 99, 100, 101, 250, 1_000, 4_321, 15_000, 60_000}) {
            assertThat(LatencyBuckets.value(LatencyBuckets.of(ms)))
                    .as("%d ms", ms)
                    .isCloseTo(ms, within(ms * 0.05 + 0.05));
        }
        assertThat(LatencyBuckets.of(0)).isZero();
        assertThat(LatencyBuckets.of(-5)).isZero();
        assertThat(LatencyBuckets.value(0)).isZero();
    }

    @Test
    void bucketsGrowWithTheDuration() {
        int previous = LatencyBuckets.of(1);
        for (long ms = 2; ms < 100_000; ms = ms * 3 / 2 + 1) {
            int bucket = LatencyBuckets.of(ms);
            assertThat(bucket).as("%d ms", ms).isGreaterThanOrEqualTo(previous);
            previous = bucket;
        }
        assertThat(LatencyBuckets.of(60_000)).isEqualTo(116);
    }

    @Test
    void quantilesPickTheBucketOfTheRankedDuration() {
        SortedMap<Integer, Long> counts = new TreeMap<>();
        for (long ms = 1; ms <= 100; ms++) { // 1..100 ms, once each
            counts.merge(LatencyBuckets.of(ms), 1L, Long::sum);
        }
        assertThat(LatencyBuckets.quantile(counts, 0.5)).isCloseTo(50, within(2.5));
        assertThat(LatencyBuckets.quantile(counts, 0.99)).isCloseTo(99, within(5.0));
        assertThat(LatencyBuckets.quantile(counts, 1.0)).isCloseTo(100, within(5.0));
        assertThat(LatencyBuckets.quantile(new TreeMap<>(), 0.5)).isNull();
    }
}
