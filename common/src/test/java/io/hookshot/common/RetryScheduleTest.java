package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void defaultIsTheStandardWebhooksScheduleOfEightAttempts() {
        assertThat(RetrySchedule.DEFAULT.toString()).isEqualTo("5s,5m,30m,2h,5h,10h,10h");
        assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(8);
        Duration total = RetrySchedule.DEFAULT.delays().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(total).isEqualTo(Duration.ofSeconds(99_305)); // 27 h 35 min 5 s
    }

    @Test
    void listOfTwoDelaysMeansThreeAttempts() {
        RetrySchedule s = RetrySchedule.parse("5s,5m");

        assertThat(s.delays()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5));
        assertThat(s.maxAttempts()).isEqualTo(3);
    }

    @Test
    void exponentialGrowsByTheFactorUpToTheCap() {
        RetrySchedule s = RetrySchedule.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 6);

        assertThat(s.toString()).isEqualTo("1s,2s,4s,8s,10s,10s");
    }

    @Test
    void exponentialCanBeWrittenAsText() {
        assertThat(RetrySchedule.parse("exponential(1s, 2, 10s, 6)"))
                .isEqualTo(RetrySchedule.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 6));
        assertThatThrownBy(() -> RetrySchedule.parse("exponential(1s,two,10s,6)"))
                .hasMessageContaining("exponential(initial,factor,cap,retries)");
    }

    @Test
    void rejectsSchedulesThatMakeNoSense() {
        assertThatThrownBy(() -> RetrySchedule.parse(" ")).hasMessageContaining("retry schedule is empty");
        assertThatThrownBy(() -> RetrySchedule.parse("5s,,5m")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> RetrySchedule.parse("31d")).hasMessageContaining("outside 0 to 30d");
        assertThatThrownBy(() -> RetrySchedule.parse("1s,".repeat(101) + "1s")).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> RetrySchedule.exponential(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(9), 3))
                .hasMessageContaining("factor must be at least 1");
        assertThatThrownBy(() -> RetrySchedule.exponential(Duration.ofSeconds(1), 2, Duration.ofSeconds(9), 0))
                .hasMessageContaining("at least one retry");
    }
}
