package io.hookshot.worker.store;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded attempt ({@code hookshot_attempt}). Immutable.
 *
 * @param statusCode      the HTTP status, or null when there was no response
 * @param errorClass      null when a response came; else {@code timeout}, {@code connect}, ..., {@code stalled} or
 *                        {@code released}
 * @param errorMessage    what went wrong, or null
 * @param responseHeaders the response headers, empty without a response
 * @param responseBody    the start of the response body, may be empty
 * @param workerId        the worker that made it, or null for a stalled attempt
 * @param outcome         {@link MessageStatus#DELIVERED}, {@link MessageStatus#RETRYING} or {@link MessageStatus#DEAD}
 */
public record AttemptView(
        String messageId,
        int attempt,
        Instant startedAt,
        int durationMs,
        String url,
        Integer statusCode,
        String errorClass,
        String errorMessage,
        Map<String, String> responseHeaders,
        String responseBody,
        String workerId,
        MessageStatus outcome) {
    public AttemptView {
        responseHeaders = Map.copyOf(responseHeaders);
    }
}
