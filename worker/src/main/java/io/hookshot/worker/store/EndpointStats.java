package io.hookshot.worker.store;

import java.time.Instant;

/**
 * How one endpoint's deliveries went since a time, from the history: its HTTP attempts (attempts that made no request,
 * like a stalled lease or a deleted endpoint, are not counted), the share answered with a 2xx, the attempts' latency,
 * and its latest failed attempt. Immutable.
 *
 * @param successRate delivered over attempts, from 0 to 1; null without attempts
 * @param latencyP50  median attempt duration in ms; null without attempts
 * @param latencyP99  99th percentile attempt duration in ms; null without attempts
 * @param lastError   the latest failed attempt, or null when none failed
 */
public record EndpointStats(
        Instant since,
        long attempts,
        long delivered,
        Double successRate,
        Double latencyP50,
        Double latencyP99,
        LastError lastError) {

    /** The latest failed attempt: when it started, the status (null without a response) and what went wrong. */
    public record LastError(Instant at, String messageId, Integer statusCode, String errorClass, String message) {}
}
