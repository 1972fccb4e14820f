package io.hookshot.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.RetrySchedule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageScenarioTest {
    private static final LatencyRecorder.Percentiles NONE = LatencyRecorder.Percentiles.NONE;

    @Test
    void theScheduleDoublesFromOneSecondUpToHalfTheOutageUntilItSpansTwiceTheOutage() {
        assertThat(OutageScenario.retrySchedule(Duration.ofSeconds(60)).toString())
                .isEqualTo("1s,2s,4s,8s,16s,30s,30s,30s");
        assertThat(OutageScenario.retrySchedule(Duration.ofSeconds(2)).toString())
                .isEqualTo("1s,1s,1s,1s");
    }

    @Test
    void everyMessageOutlastsTheOutageEvenWithTheJitterAtItsShortest() {
        for (Duration outage :
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(7), Duration.ofSeconds(60), Duration.ofHours(1))) {
            RetrySchedule schedule = OutageScenario.retrySchedule(outage);
            Duration span = schedule.delays().stream().reduce(Duration.ZERO, Duration::plus);

            assertThat(span.multipliedBy(8).dividedBy(10)).as("%s", outage).isGreaterThan(outage);
            assertThat(schedule.delays())
                    .as("%s", outage)
                    .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(maxDelay(outage)));
        }
    }

    @Test
    void aDeadMessageFailsTheRunAndNoneLetsItPass() {
        OutageFigures none = new OutageFigures(true, 10, 60, 100, 80, 12, 112, NONE, 0, 3.5);
        OutageFigures two = new OutageFigures(false, 1_000_000, 60, 100, 80, 400, 480, NONE, 2, -1);

        assertThat(none.failure()).isEmpty();
        assertThat(two.failure()).contains("2 messages dead");
        assertThat(two.fields()).containsEntry("dead", 2L).containsEntry("breaker", false);
        assertThat(none.tableRow()).contains("on, opens at 10");
        assertThat(two.tableRow()).contains("off (1000000)");
    }

    private static Duration maxDelay(Duration outage) {
        Duration half = outage.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half;
    }
}
