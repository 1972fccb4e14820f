package io.hookshot.worker.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void theDelayedScenarioCannotGoThroughTheApi() {
        assertThatThrownBy(() -> new BenchOptions(
                        List.of(Scenario.PACED, Scenario.DELAYED),
                        10,
                        0,
                        1,
                        false,
                        List.of(),
                        16,
                        256,
                        50,
                        4,
                        0.2,
                        100,
                        Duration.ofSeconds(1),
                        100,
                        Duration.ofMillis(300),
                        Duration.ofMillis(300),
                        Duration.ZERO,
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(60),
                        false,
                        false,
                        "api"))
                .hasMessageContaining("--send-via api cannot run the delayed scenario");
        assertThatThrownBy(() -> new BenchOptions(
                        List.of(Scenario.FANOUT),
                        10,
                        0,
                        1,
                        false,
                        List.of(),
                        16,
                        256,
                        50,
                        4,
                        0.2,
                        100,
                        Duration.ofSeconds(1),
                        100,
                        Duration.ofMillis(300),
                        Duration.ofMillis(300),
                        Duration.ZERO,
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(60),
                        false,
                        false,
                        "api"))
                .hasMessageContaining("--send-via api cannot run the fanout scenario");
        assertThatThrownBy(() -> new BenchOptions(
                        List.of(Scenario.PACED),
                        10,
                        0,
                        1,
                        false,
                        List.of(),
                        16,
                        256,
                        50,
                        4,
                        0.2,
                        100,
                        Duration.ofSeconds(1),
                        100,
                        Duration.ofMillis(300),
                        Duration.ofMillis(300),
                        Duration.ZERO,
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(60),
                        false,
                        false,
                        "http"))
                .hasMessage("--send-via must be producer or api, got 'http'");
    }
}
