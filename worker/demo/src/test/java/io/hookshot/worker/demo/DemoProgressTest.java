package io.hookshot.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoProgressTest {
    @Test
    void theLineCountsFinishedMessagesPerSecond() {
        DemoCounts counts = new DemoCounts(Map.of("delivered", 90L, "dead", 10L, "retrying", 5L), 130);

        assertThat(DemoProgress.line(200, counts, Duration.ofSeconds(2)))
                .isEqualTo("sent 200 | delivered 90 | retrying 5 | dead 10 | 50/s");
    }

    @Test
    void theSummarySaysWhetherEveryMessageIsAccountedFor() {
        DemoCounts done = new DemoCounts(Map.of("delivered", 98L, "dead", 2L), 120);
        DemoCounts notYet = new DemoCounts(Map.of("delivered", 90L, "retrying", 8L, "dead", 2L), 120);

        assertThat(DemoProgress.summary(100, done, 120, Duration.ofSeconds(4)))
                .contains("delivered         98")
                .contains("dead               2")
                .contains("delivered + dead = sent");
        assertThat(DemoProgress.summary(100, notYet, 120, Duration.ofSeconds(4)))
                .contains("NOT FINISHED: delivered + dead = 92 of 100 sent");
    }
}
