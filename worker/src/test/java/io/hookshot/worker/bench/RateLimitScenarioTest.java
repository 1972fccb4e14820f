package io.hookshot.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitScenarioTest {
    private static final long MS = 1_000_000L;

    @Test
    void theMostWithinOneSecondCountsASlidingWindow() {
        List<Long> steady = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            steady.add(i * 20 * MS); // 50 a second for 2 s
        }
        List<Long> bunched = new ArrayList<>(steady);
        bunched.addAll(List.of(1_500 * MS, 1_501 * MS, 1_502 * MS));
        bunched.sort(null);

        assertThat(RateLimitScenario.maxInOneSecond(List.of())).isZero();
        assertThat(RateLimitScenario.maxInOneSecond(List.of(5L))).isEqualTo(1);
        assertThat(RateLimitScenario.maxInOneSecond(steady)).isEqualTo(50);
        assertThat(RateLimitScenario.maxInOneSecond(bunched)).isEqualTo(53);
    }

    @Test
    void moreRequestsThanTheLimitAllowsFailTheRun() {
        RateLimitFigures held = new RateLimitFigures(50, 2000, 50.1, 54, 40, 2105, 18_000, 3100);
        RateLimitFigures exceeded = new RateLimitFigures(50, 2000, 80.0, 90, 25, 1317, 18_000, 3100);

        assertThat(held.failure()).isEmpty();
        assertThat(held.fields()).containsEntry("limitHeld", true);
        assertThat(exceeded.failure())
                .contains(
                        "the endpoint limited to 50/s received 2000 requests in 25.0 s, more than the 1317 its limit allows"
                                + " (+5 %)");
        assertThat(exceeded.fields()).containsEntry("limitHeld", false);
        assertThat(exceeded.tableRow()).endsWith("NO");
    }
}
