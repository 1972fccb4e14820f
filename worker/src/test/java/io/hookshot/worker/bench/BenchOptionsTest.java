package io.hookshot.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static final Optional<URI> TARGET = Optional.of(URI.create("http://127.0.0.1:9/hook"));

    @Test
    void theBuilderStartsAtEveryDefault() {
        BenchOptions options = BenchOptions.builder().build();

        assertThat(options.scenarios()).containsExactly(Scenario.values());
        assertThat(options.messages()).isEqualTo(BenchOptions.DEFAULT_MESSAGES);
        assertThat(options.rate()).isEqualTo(BenchOptions.DEFAULT_RATE);
        assertThat(options.pacedFor()).isEqualTo(BenchOptions.DEFAULT_PACED_FOR);
        assertThat(options.drainTimeout()).isEqualTo(BenchOptions.DEFAULT_DRAIN_TIMEOUT);
        assertThat(options.sendVia()).isEqualTo(BenchOptions.DEFAULT_SEND_VIA);
        assertThat(options.outage()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.rateLimit()).isEqualTo(50);
        assertThat(options.target()).isEmpty();
    }

    @Test
    void toBuilderKeepsEveryOptionButThoseChanged() {
        BenchOptions options = BenchOptions.builder()
                .scenarios(Scenario.OUTAGE)
                .outage(Duration.ofSeconds(5))
                .rateLimit(7)
                .keep(true)
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
        assertThat(options.withMessages(10))
                .isEqualTo(options.toBuilder().messages(10).build())
                .extracting(BenchOptions::messages, BenchOptions::outage, BenchOptions::rateLimit)
                .containsExactly(10, Duration.ofSeconds(5), 7);
    }

    @Test
    void theOutageMustBeOneSecondToOneHour() {
        assertThat(BenchOptions.builder().outage(Duration.ofSeconds(1)).build().outage())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(BenchOptions.builder().outage(Duration.ofHours(1)).build().outage())
                .isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() ->
                        BenchOptions.builder().outage(Duration.ofMillis(500)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--outage must be 1s to 1h, got 500ms");
        assertThatThrownBy(() ->
                        BenchOptions.builder().outage(Duration.ofMinutes(61)).build())
                .hasMessage("--outage must be 1s to 1h, got 61m");
    }

    @Test
    void theRateLimitMustBeOneToTheConfigurationsHighest() {
        assertThatThrownBy(() -> BenchOptions.builder().rateLimit(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rate-limit must be 1 to 100000, got 0");
        assertThatThrownBy(() -> BenchOptions.builder().rateLimit(100_001).build())
                .hasMessage("--rate-limit must be 1 to 100000, got 100001");
    }

    @Test
    void theScenariosThatPublishCannotGoThroughTheApi() {
        assertThatThrownBy(() -> api(Scenario.PACED, Scenario.DELAYED))
                .hasMessageContaining("--send-via api cannot run the delayed scenario");
        assertThatThrownBy(() -> api(Scenario.FANOUT))
                .hasMessageContaining("--send-via api cannot run the fanout scenario");
        assertThatThrownBy(() -> api(Scenario.BURST, Scenario.OUTAGE))
                .hasMessageContaining("--send-via api cannot run the outage scenario");
        assertThatThrownBy(() -> api(Scenario.RATELIMIT))
                .hasMessageContaining("--send-via api cannot run the ratelimit scenario");
        assertThat(api(Scenario.BURST, Scenario.PACED).sendVia()).isEqualTo("api");
        assertThatThrownBy(() -> BenchOptions.builder()
                        .scenarios(Scenario.PACED)
                        .sendVia("http")
                        .build())
                .hasMessage("--send-via must be producer or api, got 'http'");
    }

    @Test
    void outageAndRatelimitNeedTheLocalReceiver() {
        assertThatThrownBy(() -> BenchOptions.builder()
                        .scenarios(Scenario.BURST, Scenario.OUTAGE)
                        .target(TARGET)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--target cannot run the outage scenario: it needs the local receiver");
        assertThatThrownBy(() -> BenchOptions.builder()
                        .scenarios(Scenario.RATELIMIT)
                        .target(TARGET)
                        .build())
                .hasMessageStartingWith("--target cannot run the ratelimit scenario");
        assertThat(BenchOptions.builder()
                        .scenarios(Scenario.BURST, Scenario.FANOUT)
                        .target(TARGET)
                        .build()
                        .target())
                .isEqualTo(TARGET);
    }

    @Test
    void scenarioNamesIncludeOutageAndRatelimit() {
        assertThat(Scenario.parse("outage")).containsExactly(Scenario.OUTAGE);
        assertThat(Scenario.parse(" RateLimit ")).containsExactly(Scenario.RATELIMIT);
        assertThat(Scenario.parse("all")).contains(Scenario.OUTAGE, Scenario.RATELIMIT);
        assertThatThrownBy(() -> Scenario.parse("rate-limit"))
                .hasMessageStartingWith("unknown scenario 'rate-limit'; expected one of")
                .hasMessageContaining("outage, ratelimit");
    }

    private static BenchOptions api(Scenario... scenarios) {
        return BenchOptions.builder()
                .scenarios(List.of(scenarios))
                .sendVia("api")
                .build();
    }
}
