package io.hookshot.worker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.RetrySchedule;
import io.hookshot.worker.api.LegacyRetryConfig.Strategy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyRetryConfigTest {
    private static List<Long> delaysMs(int maxAttempts, long initialMs, Strategy strategy) {
        return new LegacyRetryConfig(maxAttempts, initialMs, strategy)
                .schedule().delays().stream().map(Duration::toMillis).toList();
    }

    @Test
    void eachStrategyMapsOntoItsSchedule() {
        assertThat(delaysMs(5, 1000, Strategy.EXPONENTIAL)).containsExactly(1000L, 2000L, 4000L, 8000L);
        assertThat(delaysMs(5, 1000, Strategy.FIXED)).containsExactly(1000L, 1000L, 1000L, 1000L);
        assertThat(delaysMs(5, 1000, Strategy.LINEAR)).containsExactly(1000L, 2000L, 3000L, 4000L);
        assertThat(delaysMs(2, 250, Strategy.LINEAR)).containsExactly(250L);
    }

    @Test
    void maxAttemptsCountsTheFirstAttempt() {
        assertThat(new LegacyRetryConfig(4, 10, Strategy.FIXED).schedule().maxAttempts())
                .isEqualTo(4);
    }

    @Test
    void delaysNeverExceedTheLongestAllowed() {
        List<Long> delays = delaysMs(101, RetrySchedule.MAX_DELAY.toMillis() / 2, Strategy.EXPONENTIAL);
        assertThat(delays).hasSize(100).allMatch(d -> d <= RetrySchedule.MAX_DELAY.toMillis());
        assertThat(delays.getLast()).isEqualTo(RetrySchedule.MAX_DELAY.toMillis());
    }

    @Test
    void outOfRangeValuesNameTheirField() {
        for (int attempts : new int[] {0, 1, 102}) {
            assertThatThrownBy(() -> new LegacyRetryConfig(attempts, 10, Strategy.FIXED))
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.problem().field()).isEqualTo("retry_config.max_attempts"));
        }
        for (long delay : new long[] {-1, RetrySchedule.MAX_DELAY.toMillis() + 1}) {
            assertThatThrownBy(() -> new LegacyRetryConfig(3, delay, Strategy.FIXED))
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.problem().field()).isEqualTo("retry_config.initial_delay_ms"));
        }
        assertThat(Arrays.stream(Strategy.values())
                        .map(s -> Strategy.of(s.name().toLowerCase())))
                .doesNotContainNull();
        assertThat(Strategy.of("random")).isNull();
    }
}
