package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExporterSettingsTest {
    @Test
    void defaultsAreTheDocumentedConstants() {
        assertThat(ExporterSettings.defaults())
                .isEqualTo(new ExporterSettings(2000, Duration.ofMillis(50), Duration.ofSeconds(15)));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> ExporterSettings.defaults().withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> ExporterSettings.defaults().withBatchSize(ExporterSettings.MAX_BATCH_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> ExporterSettings.defaults().withIdlePollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idle poll interval");
        assertThatThrownBy(() -> ExporterSettings.defaults().withClaimIdle(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("claim idle");
    }

    @Test
    void backoffDoublesFromFiftyMillisecondsUpToOneSecond() {
        Duration wait = Duration.ZERO;
        StringBuilder waits = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            wait = OutboxExporter.nextBackoff(wait);
            waits.append(wait.toMillis()).append(' ');
        }
        assertThat(waits.toString().trim()).isEqualTo("50 100 200 400 800 1000 1000");
    }
}
