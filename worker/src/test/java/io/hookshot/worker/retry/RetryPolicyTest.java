package io.hookshot.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.Durations;
import io.hookshot.common.RetrySchedule;
import io.hookshot.worker.http.DispatchResult;
import io.hookshot.worker.http.DispatchResult.Delivered;
import io.hookshot.worker.http.DispatchResult.Rejected;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import io.hookshot.worker.http.ErrorClass;
import io.hookshot.worker.retry.RetryDecision.GiveUp;
import io.hookshot.worker.retry.RetryDecision.RetryAt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration ELAPSED = Duration.ofMillis(12);
    private static final DispatchResult SERVER_ERROR = rejected(500, Map.of());

    /** A generator whose every {@code nextDouble()} is {@code value}: 0 is the low extreme, nextDown(1) the high. */
    private record FixedDraw(double value) implements RandomGenerator {
        @Override
        public double nextDouble() {
            return value;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only nextDouble is drawn");
        }
    }

    private static RetryPolicy policy(double jitter, boolean failFastOn4xx, Duration retryAfterCap, double draw) {
        return new RetryPolicy(
                new RetryPolicy.Settings(RetrySchedule.DEFAULT, jitter, failFastOn4xx, retryAfterCap),
                new FixedDraw(draw),
                CLOCK);
    }

    private static RetryPolicy withoutJitter() {
        return policy(0.0, false, null, 0.5);
    }

    private static Rejected rejected(int status, Map<String, String> headers) {
        return new Rejected(status, headers, "", ELAPSED);
    }

    private static RetryAt retryAt(String delay) {
        return new RetryAt(Durations.parse(delay));
    }

    @ParameterizedTest(name = "after {0} earlier failures: {1}")
    @CsvSource({"0, 5s", "1, 5m", "2, 30m", "3, 2h", "4, 5h", "5, 10h", "6, 10h"})
    void followsTheDefaultScheduleWithoutJitter(int failsSoFar, String delay) {
        assertThat(withoutJitter().decide(SERVER_ERROR, failsSoFar, Optional.empty()))
                .isEqualTo(retryAt(delay));
    }

    @ParameterizedTest(name = "after {0} earlier failures")
    @CsvSource({"7, 8", "8, 9", "100, 101"})
    void givesUpWhenTheScheduleIsExhausted(int failsSoFar, int attempts) {
        assertThat(withoutJitter().decide(SERVER_ERROR, failsSoFar, Optional.empty()))
                .isEqualTo(new GiveUp("exhausted: " + attempts + " attempts failed"));
    }

    @ParameterizedTest(name = "draw {0} after {1} failures: {2}")
    @CsvSource({
        "0.0, 0, 4s",
        "0.0, 1, 4m",
        "0.5, 1, 5m",
        "0.999999999999, 1, 6m",
        "0.75, 2, 33m",
        "0.0, 5, 8h",
        "0.999999999999, 5, 12h",
    })
    void jittersEachDelayByAtMostTwentyPercent(double draw, int failsSoFar, String delay) {
        assertThat(policy(0.2, false, null, draw).decide(SERVER_ERROR, failsSoFar, Optional.empty()))
                .isEqualTo(retryAt(delay));
    }

    @Test
    void jitterExtremesAreTheBoundsOfTheRange() {
        Duration base = Duration.ofMinutes(5);
        assertThat(policy(0.2, false, null, 0.0).decide(SERVER_ERROR, 1, Optional.empty()))
                .isEqualTo(new RetryAt(base.multipliedBy(8).dividedBy(10)));
        assertThat(policy(0.2, false, null, Math.nextDown(1.0)).decide(SERVER_ERROR, 1, Optional.empty()))
                .isEqualTo(new RetryAt(base.multipliedBy(12).dividedBy(10)));
    }

    @Test
    void seededJitterStaysWithinBounds() {
        RetryPolicy policy = new RetryPolicy(RetryPolicy.Settings.defaults(), new SplittableRandom(42), CLOCK);
        for (int i = 0; i < 1_000; i++) {
            RetryDecision decision = policy.decide(SERVER_ERROR, 1, Optional.empty());
            assertThat(decision)
                    .isInstanceOfSatisfying(
                            RetryAt.class,
                            r -> assertThat(r.delay()).isBetween(Duration.ofSeconds(240), Duration.ofSeconds(360)));
        }
    }

    @Test
    void aZeroDelayStaysZeroUnderJitter() {
        RetryPolicy policy = policy(0.2, false, null, Math.nextDown(1.0));
        assertThat(policy.decide(SERVER_ERROR, 0, Optional.of(RetrySchedule.parse("0,5s"))))
                .isEqualTo(new RetryAt(Duration.ZERO));
    }

    @ParameterizedTest(name = "after {0} earlier failures: {1}")
    @CsvSource({"0, 1s", "1, 2s", "2, exhausted: 3 attempts failed", "3, exhausted: 4 attempts failed"})
    void aJobsOwnScheduleOverridesTheDefault(int failsSoFar, String expected) {
        RetryDecision decision =
                withoutJitter().decide(SERVER_ERROR, failsSoFar, Optional.of(RetrySchedule.parse("1s,2s")));
        assertThat(decision).isEqualTo(expected.startsWith("exhausted") ? new GiveUp(expected) : retryAt(expected));
    }

    @ParameterizedTest(name = "after {0} earlier failures")
    @ValueSource(ints = {0, 3, 7})
    void goneGivesUpAtOnce(int failsSoFar) {
        assertThat(withoutJitter().decide(rejected(410, Map.of()), failsSoFar, Optional.empty()))
                .isEqualTo(new GiveUp("gone: the receiver answered 410"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 401, 403, 404, 413, 422, 451, 499})
    void clientErrorsAreRetriedOnTheScheduleByDefault(int status) {
        assertThat(withoutJitter().decide(rejected(status, Map.of("retry-after", "3600")), 1, Optional.empty()))
                .isEqualTo(retryAt("5m"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 401, 403, 404, 413, 422, 451, 499})
    void clientErrorsGiveUpWhenFailingFast(int status) {
        assertThat(policy(0.0, true, null, 0.5).decide(rejected(status, Map.of()), 1, Optional.empty()))
                .isEqualTo(new GiveUp("client error: the receiver answered " + status + " and fail-fast on 4xx is on"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {408, 425, 429})
    void retryableClientErrorsAreRetriedEvenWhenFailingFast(int status) {
        assertThat(policy(0.0, true, null, 0.5).decide(rejected(status, Map.of()), 1, Optional.empty()))
                .isEqualTo(retryAt("5m"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {300, 301, 302, 303, 307, 308})
    void redirectsAreRetriedAndTheirRetryAfterIgnored(int status) {
        Rejected redirect = rejected(status, Map.of("location", "http://127.0.0.1/elsewhere", "retry-after", "500"));
        assertThat(withoutJitter().decide(redirect, 1, Optional.empty())).isEqualTo(retryAt("5m"));
    }

    /** After one failure the schedule says 5m, so a hint is clamped to [5m, 10m], or [5m, cap] with a cap. */
    @ParameterizedTest(name = "{0}: {1} with cap {2} -> {3}")
    @CsvSource({
        "429, 60, -, 5m",
        "429, 0, -, 5m",
        "429, 400, -, 400s",
        "429, 600, -, 10m",
        "429, 3600, -, 10m",
        "429, 99999999999999999999999, -, 10m",
        "429, +400s, -, 400s",
        "429, +1h, -, 10m",
        "429, -1h, -, 5m",
        "429, 3600, 1h, 1h",
        "429, 7200, 1h, 1h",
        "429, +2h, 1h, 1h",
        "429, 3600, 1m, 5m",
        "408, 400, -, 400s",
        "425, 400, -, 400s",
        "500, 3600, -, 10m",
        "503, +400s, -, 400s",
    })
    void retryAfterStretchesTheScheduledDelayWithinBounds(int status, String hint, String cap, String delay) {
        String value = hint.startsWith("+") || hint.startsWith("-") ? httpDate(hint) : hint;
        Duration retryAfterCap = cap.equals("-") ? null : Durations.parse(cap);
        RetryDecision decision = policy(0.0, false, retryAfterCap, 0.5)
                .decide(rejected(status, Map.of("retry-after", value)), 1, Optional.empty());
        assertThat(decision).isEqualTo(retryAt(delay));
    }

    /** An HTTP date {@code offset} (like {@code +400s} or {@code -1h}) away from the clock's now. */
    private static String httpDate(String offset) {
        Duration d = Durations.parse(offset.substring(1));
        Instant at = offset.startsWith("+") ? NOW.plus(d) : NOW.minus(d);
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    @Test
    void retryAfterIsMeasuredFromTheJitteredDelay() {
        RetryPolicy policy = policy(0.2, false, null, 0.0);
        assertThat(policy.decide(rejected(429, Map.of("retry-after", "60")), 1, Optional.empty()))
                .isEqualTo(retryAt("4m"));
        assertThat(policy.decide(rejected(429, Map.of("retry-after", "3600")), 1, Optional.empty()))
                .isEqualTo(retryAt("8m"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "",
                " ",
                "soon",
                "-5",
                "1.5",
                "5s",
                "0x10",
                "Wed, 99 Foo 2025 25:61:00 GMT",
                "2025-03-01T13:00:00Z"
            })
    void unparsableRetryAfterIsIgnored(String hint) {
        assertThat(withoutJitter().decide(rejected(429, Map.of("retry-after", hint)), 1, Optional.empty()))
                .isEqualTo(retryAt("5m"));
    }

    @Test
    void anInvalidUrlGivesUpAtOnce() {
        Unreachable invalid = new Unreachable(ErrorClass.INVALID_URL, "url has no valid host name", ELAPSED);
        assertThat(withoutJitter().decide(invalid, 0, Optional.empty()))
                .isEqualTo(new GiveUp("invalid url: url has no valid host name"));
    }

    @Test
    void aBlockedAddressGivesUpAtOnce() {
        Unreachable blocked = new Unreachable(
                ErrorClass.BLOCKED, "refused by the SSRF guard: localhost is 127.0.0.1" + " (loopback)", ELAPSED);
        assertThat(withoutJitter().decide(blocked, 0, Optional.empty()))
                .isEqualTo(new GiveUp("blocked: refused by the SSRF guard: localhost is 127.0.0.1 (loopback)"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = ErrorClass.class,
            names = {"INVALID_URL", "BLOCKED"},
            mode = EnumSource.Mode.EXCLUDE)
    void failuresWithoutAResponseAreRetried(ErrorClass errorClass) {
        Unreachable unreachable = new Unreachable(errorClass, "it failed", ELAPSED);
        assertThat(withoutJitter().decide(unreachable, 2, Optional.empty())).isEqualTo(retryAt("30m"));
        assertThat(withoutJitter().decide(unreachable, 7, Optional.empty()))
                .isEqualTo(new GiveUp("exhausted: 8 attempts failed"));
    }

    @Test
    void aDeliveryIsNotAFailure() {
        Delivered delivered = new Delivered(200, Map.of(), "", ELAPSED);
        assertThatThrownBy(() -> withoutJitter().decide(delivered, 0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delivered");
    }

    @Test
    void negativeFailureCountsAreBugs() {
        assertThatThrownBy(() -> withoutJitter().decide(SERVER_ERROR, -1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failsSoFar");
    }

    @Test
    void settingsNameTheBadField() {
        assertThatThrownBy(() -> new RetryPolicy.Settings(RetrySchedule.DEFAULT, 1.5, false, null))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new RetryPolicy.Settings(RetrySchedule.DEFAULT, Double.NaN, false, null))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new RetryPolicy.Settings(RetrySchedule.DEFAULT, 0.2, false, Duration.ZERO))
                .hasMessageContaining("retryAfterCap");
        assertThatThrownBy(() -> new RetryPolicy.Settings(null, 0.2, false, null))
                .hasMessageContaining("defaultSchedule");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(RetryPolicy.Settings.defaults())
                .isEqualTo(new RetryPolicy.Settings(RetrySchedule.DEFAULT, 0.2, false, null));
    }
}
