package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import io.hookshot.common.Endpoints;
import io.hookshot.common.RetrySchedule;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How workers protect endpoints: the circuit breaker, the rate limits and the auto-disable of registered endpoints
 * (see README "Endpoint health"). Immutable.
 *
 * @param breakerFailures  consecutive failed attempts that open an endpoint's breaker
 * @param breakerMaxHold   how long an open breaker holds its endpoint's jobs; empty: the retry schedule's whole span
 * @param defaultRateLimit requests per second of an endpoint without a limit of its own; 0: none
 * @param originRateLimits requests per second by endpoint key ({@code scheme://host:port}) of the origins listed
 * @param disableAfter     how long a registered endpoint's breaker stays open before the endpoint is disabled;
 *                         zero: never
 */
public record EndpointHealthConfig(
        int breakerFailures,
        Optional<Duration> breakerMaxHold,
        int defaultRateLimit,
        Map<String, Integer> originRateLimits,
        Duration disableAfter) {
    public static final String BREAKER_FAILURES = "HOOKSHOT_BREAKER_FAILURES";
    public static final String BREAKER_MAX_HOLD = "HOOKSHOT_BREAKER_MAX_HOLD";
    public static final String DEFAULT_RATE_LIMIT = "HOOKSHOT_DEFAULT_RATE_LIMIT";
    public static final String ENDPOINT_RATE_LIMITS = "HOOKSHOT_ENDPOINT_RATE_LIMITS";
    public static final String DISABLE_AFTER = "HOOKSHOT_DISABLE_AFTER";

    public static final int DEFAULT_BREAKER_FAILURES = 10;
    /** Five days of an open breaker, as Svix's auto-disable. */
    public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofDays(5);
    /** The highest breaker threshold that may be set: an endpoint would need as many failures in a row to open. */
    public static final int MAX_BREAKER_FAILURES = 1_000_000;
    /** The highest rate limit that may be set, in requests per second. */
    public static final int MAX_RATE_LIMIT = 100_000;

    public static final List<ConfigVariable> VARIABLES = List.of(
            new ConfigVariable(
                    BREAKER_FAILURES,
                    Integer.toString(DEFAULT_BREAKER_FAILURES),
                    "Consecutive failed attempts (timeouts, connect errors, 5xx, 429) that open an endpoint's circuit"
                            + " breaker: its messages are then held, with one probe per interval (5 s doubling to 5 min)"),
            new ConfigVariable(
                    BREAKER_MAX_HOLD,
                    "",
                    "Longest an open breaker holds an endpoint's messages; past it they go on with their retry schedule"
                            + " (unset: the retry schedule's whole span)"),
            new ConfigVariable(
                    DEFAULT_RATE_LIMIT,
                    "",
                    "Requests per second to each endpoint without a limit of its own" + " (unset: no limit)"),
            new ConfigVariable(
                    ENDPOINT_RATE_LIMITS,
                    "",
                    "Requests per second by origin, like"
                            + " https://a.example=50,https://b.example:8443=10; shared by all workers"),
            new ConfigVariable(
                    DISABLE_AFTER,
                    Durations.format(DEFAULT_DISABLE_AFTER),
                    "How long a registered endpoint's circuit breaker stays open (failing continuously) before the"
                            + " endpoint is disabled and its held messages go to the dead letters; 0: never"));

    public EndpointHealthConfig {
        originRateLimits = Map.copyOf(originRateLimits);
        if (disableAfter.isNegative()) {
            throw new InvalidConfigException(DISABLE_AFTER + " must not be negative, got " + disableAfter);
        }
    }

    /** Whether registered endpoints are disabled after {@link #disableAfter}: not when it is zero. */
    public boolean disables() {
        return !disableAfter.isZero();
    }

    public static EndpointHealthConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new EndpointHealthConfig(
                r.integer(BREAKER_FAILURES, DEFAULT_BREAKER_FAILURES, 1, MAX_BREAKER_FAILURES),
                r.optionalDuration(BREAKER_MAX_HOLD, Duration.ZERO),
                r.integer(DEFAULT_RATE_LIMIT, 0, 1, MAX_RATE_LIMIT),
                originRateLimits(env.getOrDefault(ENDPOINT_RATE_LIMITS, "")),
                r.duration(DISABLE_AFTER, DEFAULT_DISABLE_AFTER, Duration.ZERO));
    }

    /** How long the breaker holds: {@link #breakerMaxHold} or, unset, the whole of {@code schedule}. */
    public Duration maxHold(RetrySchedule schedule) {
        return breakerMaxHold.orElse(schedule.delays().stream().reduce(Duration.ZERO, Duration::plus));
    }

    /** {@code https://a.example=50,...} by endpoint key; throws {@link InvalidConfigException} naming a bad entry. */
    static Map<String, Integer> originRateLimits(String text) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String origin = eq < 0 ? entry.strip() : entry.substring(0, eq).strip();
            String key;
            int rate;
            try {
                URI url = new URI(origin);
                if (url.getHost() == null || !(origin.startsWith("http://") || origin.startsWith("https://"))) {
                    throw new IllegalArgumentException("not an http(s) origin");
                }
                key = Endpoints.keyOf(url);
                rate = Integer.parseInt(entry.substring(eq + 1).strip());
            } catch (URISyntaxException | IllegalArgumentException e) { // NumberFormatException too, also with no '='
                rate = -1;
                key = null;
            }
            if (eq < 0 || key == null || rate < 1 || rate > MAX_RATE_LIMIT) {
                throw new InvalidConfigException(ENDPOINT_RATE_LIMITS + ": '" + entry.strip() + "' is not an origin and"
                        + " a rate from 1 to " + MAX_RATE_LIMIT + " a second, like https://a.example=50");
            }
            if (limits.put(key, rate) != null) {
                throw new InvalidConfigException(ENDPOINT_RATE_LIMITS + ": " + key + " is listed twice");
            }
        }
        return limits;
    }
}
