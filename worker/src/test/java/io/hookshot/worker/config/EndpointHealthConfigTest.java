package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.RetrySchedule;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointHealthConfigTest {
    @Test
    void defaultsHoldForTheWholeRetryScheduleWithoutRateLimits() {
        EndpointHealthConfig config = EndpointHealthConfig.fromEnvironment(Map.of());

        assertThat(config).isEqualTo(new EndpointHealthConfig(10, Optional.empty(), 0, Map.of(), Duration.ofDays(5)));
        assertThat(config.maxHold(RetrySchedule.parse("5s,5m"))).isEqualTo(Duration.ofSeconds(305));
    }

    @Test
    void readsEveryVariable() {
        EndpointHealthConfig config = EndpointHealthConfig.fromEnvironment(Map.of(
                EndpointHealthConfig.BREAKER_FAILURES,
                "3",
                EndpointHealthConfig.BREAKER_MAX_HOLD,
                "2h",
                EndpointHealthConfig.DEFAULT_RATE_LIMIT,
                "100",
                EndpointHealthConfig.ENDPOINT_RATE_LIMITS,
                " https://A.example=50, http://b.example:8080/x=10 ,",
                EndpointHealthConfig.DISABLE_AFTER,
                "2s"));

        assertThat(config)
                .isEqualTo(new EndpointHealthConfig(
                        3, Optional.of(Duration.ofHours(2)), 100, config.originRateLimits(), Duration.ofSeconds(2)));
        assertThat(config.maxHold(RetrySchedule.DEFAULT)).isEqualTo(Duration.ofHours(2));
        assertThat(config.originRateLimits())
                .isEqualTo(Map.of("https://a.example:443", 50, "http://b.example:8080", 10));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HOOKSHOT_BREAKER_FAILURES     | 0                     | HOOKSHOT_BREAKER_FAILURES must be a whole number from 1",
                "HOOKSHOT_DEFAULT_RATE_LIMIT   | 0                     | HOOKSHOT_DEFAULT_RATE_LIMIT must be a whole number from 1",
                "HOOKSHOT_DEFAULT_RATE_LIMIT   | -5                    | HOOKSHOT_DEFAULT_RATE_LIMIT must be a whole number from 1",
                "HOOKSHOT_BREAKER_MAX_HOLD     | soon                  | HOOKSHOT_BREAKER_MAX_HOLD",
                "HOOKSHOT_ENDPOINT_RATE_LIMITS | https://a.example     | 'https://a.example' is not an origin and a rate",
                "HOOKSHOT_ENDPOINT_RATE_LIMITS | https://a.example=0   | 'https://a.example=0' is not an origin and a rate",
                "HOOKSHOT_ENDPOINT_RATE_LIMITS | a.example=5           | 'a.example=5' is not an origin and a rate",
                "HOOKSHOT_ENDPOINT_RATE_LIMITS | ftp://a.example=5     | 'ftp://a.example=5' is not an origin and a rate",
                "HOOKSHOT_ENDPOINT_RATE_LIMITS | https://a.example=x   | 'https://a.example=x' is not an origin and a rate",
                "HOOKSHOT_DISABLE_AFTER        | -1s                   | HOOKSHOT_DISABLE_AFTER: '-1s' is not a duration",
                "HOOKSHOT_DISABLE_AFTER        | 5 days                | HOOKSHOT_DISABLE_AFTER: '5 days' is not a duration",
                "HOOKSHOT_DISABLE_AFTER        | 5                     | HOOKSHOT_DISABLE_AFTER: '5' is not a duration",
            })
    void aBadValueIsRefusedNamingTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> EndpointHealthConfig.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void disableAfterZeroNeverDisables() {
        EndpointHealthConfig config =
                EndpointHealthConfig.fromEnvironment(Map.of(EndpointHealthConfig.DISABLE_AFTER, "0"));

        assertThat(config.disableAfter()).isZero();
        assertThat(config.disables()).isFalse();
        assertThat(EndpointHealthConfig.fromEnvironment(Map.of()).disables()).isTrue();
    }

    @Test
    void aNegativeDisableAfterIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> new EndpointHealthConfig(10, Optional.empty(), 0, Map.of(), Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(EndpointHealthConfig.DISABLE_AFTER);
    }

    @Test
    void anOriginListedTwiceIsRefused() {
        assertThatThrownBy(() -> EndpointHealthConfig.fromEnvironment(Map.of(
                        EndpointHealthConfig.ENDPOINT_RATE_LIMITS, "https://a.example=5,https://a.example:443=6")))
                .hasMessageContaining("https://a.example:443 is listed twice");
    }
}
