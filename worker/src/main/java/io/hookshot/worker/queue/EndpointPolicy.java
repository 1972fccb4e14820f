package io.hookshot.worker.queue;

import io.hookshot.worker.config.EndpointHealthConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the queue protects endpoints (see the claim and settle scripts and {@code include/health.lua}). Immutable.
 *
 * @param breakerFailures  consecutive failed attempts that open an endpoint's circuit breaker
 * @param maxHold          how long an open breaker holds its endpoint's jobs; past it they go on with their schedule
 * @param defaultRateLimit requests per second of an endpoint without a limit of its own; 0: no limit
 * @param notifyExcept     "" when operational webhooks are off; else the endpoint key of their URL: settle records
 *                         the operational events of every other endpoint (see {@code include/ops.lua})
 */
public record EndpointPolicy(int breakerFailures, Duration maxHold, int defaultRateLimit, String notifyExcept) {
    public EndpointPolicy {
        Objects.requireNonNull(notifyExcept, "notifyExcept");
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("breaker failures must be at least 1, got " + breakerFailures);
        }
        if (maxHold.isNegative()) {
            throw new IllegalArgumentException("the breaker's longest hold must not be negative, got " + maxHold);
        }
        if (defaultRateLimit < 0) {
            throw new IllegalArgumentException("the default rate limit must not be negative, got " + defaultRateLimit);
        }
    }

    /** Without operational events. */
    public EndpointPolicy(int breakerFailures, Duration maxHold, int defaultRateLimit) {
        this(breakerFailures, maxHold, defaultRateLimit, "");
    }

    /** The breaker at its defaults, holding for {@code maxHold}, and no default rate limit. */
    public static EndpointPolicy holdingFor(Duration maxHold) {
        return new EndpointPolicy(EndpointHealthConfig.DEFAULT_BREAKER_FAILURES, maxHold, 0);
    }

    /** This policy, with operational events recorded for every endpoint but {@code operationalEndpoint}'s. */
    public EndpointPolicy notifying(String operationalEndpoint) {
        return new EndpointPolicy(breakerFailures, maxHold, defaultRateLimit, operationalEndpoint);
    }
}
