package io.hookshot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final List<Cidr> NONE = List.of();

    @Test
    void defaultsAreTheDocumentedOnes() {
        HttpSettings defaults = HttpSettings.defaults();

        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.maxConnections()).isEqualTo(64);
        assertThat(defaults.maxResponseBodyBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.userAgent()).isEqualTo("Hookshot/dev"); // no jar manifest when run from classes
        assertThat(defaults.allowedNetworks()).isEmpty(); // the SSRF guard fully on
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> new HttpSettings(Duration.ZERO, SECOND, 1, 1, "ua", NONE))
                .hasMessageStartingWith("connectTimeout");
        assertThatThrownBy(() -> new HttpSettings(SECOND, Duration.ofMillis(-1), 1, 1, "ua", NONE))
                .hasMessageStartingWith("requestTimeout");
        assertThatThrownBy(() -> new HttpSettings(SECOND, Duration.ofDays(1), 1, 1, "ua", NONE))
                .hasMessageStartingWith("requestTimeout");
        assertThatThrownBy(() -> new HttpSettings(Duration.ofSeconds(2), SECOND, 1, 1, "ua", NONE))
                .hasMessageContaining("connectTimeout")
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> new HttpSettings(SECOND, SECOND, 0, 1, "ua", NONE))
                .hasMessageStartingWith("maxConnections");
        assertThatThrownBy(() -> new HttpSettings(SECOND, SECOND, 1, -1, "ua", NONE))
                .hasMessageStartingWith("maxResponseBodyBytes");
        assertThatThrownBy(() -> new HttpSettings(SECOND, SECOND, 1, 1, " ", NONE))
                .hasMessageStartingWith("userAgent");
        assertThatThrownBy(() -> new HttpSettings(SECOND, SECOND, 1, 1, "a\r\nb", NONE))
                .hasMessageStartingWith("userAgent");
        assertThatThrownBy(() -> new HttpSettings(null, SECOND, 1, 1, "ua", NONE))
                .hasMessage("connectTimeout");
        assertThatThrownBy(() -> new HttpSettings(SECOND, SECOND, 1, 1, "ua", null))
                .hasMessage("allowedNetworks");
    }
}
