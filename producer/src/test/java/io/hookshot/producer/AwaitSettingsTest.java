package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwaitSettingsTest {
    @Test
    void theDefaultsAreTheDocumentedOnes() {
        AwaitSettings d = AwaitSettings.defaults();

        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.maxPending()).isEqualTo(10_000);
        assertThat(d.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(AwaitSettings.RECORD_KEEP).isGreaterThan(AwaitSettings.MAX_POLL_GAP.multipliedBy(2));
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        AwaitSettings d = AwaitSettings.defaults();

        assertThatThrownBy(() -> d.withTimeout(Duration.ZERO)).hasMessageStartingWith("timeout must be");
        assertThatThrownBy(() -> d.withTimeout(Duration.ofDays(8))).hasMessageStartingWith("timeout must be");
        assertThatThrownBy(() -> d.withMaxPending(0)).hasMessageStartingWith("maxPending must be");
        assertThatThrownBy(() -> d.withPollInterval(Duration.ofMillis(5))).hasMessageStartingWith("pollInterval must");
        assertThatThrownBy(() -> d.withPollInterval(Duration.ofMinutes(1))).hasMessageStartingWith("pollInterval must");
        assertThat(d.withTimeout(Duration.ofHours(30)).timeout()).isEqualTo(Duration.ofHours(30));
    }
}
