package io.hookshot.worker.queue;

import io.hookshot.worker.config.EndpointHealthConfig;
import java.time.Duration;

/**
 * How the queue protects endpoints (see the claim and settle scripts and {@code include/health.lua}). Immutable.
 *
 * @param breakerFailures  consecutive failed attempts that open an endpoint's circuit breaker
 * @param maxHold          how long an open breaker holds its endpoint's jobs; past it they go on with their schedule
 * @param defaultRateLimit requests per second of an endpoint without a limit of its own; 0: no limit
 */
public record EndpointPolicy(int breakerFailures, Duration maxHold, int defaultRateLimit) {
    public EndpointPolicy {
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

    /** The breaker at its defaults, holding for {@code maxHold}, and no default rate limit. */
    public static EndpointPolicy holdingFor(Duration maxHold) {
        return new EndpointPolicy(EndpointHealthConfig.DEFAULT_BREAKER_FAILURES, maxHold, 0);
    }
}
