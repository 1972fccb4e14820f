package io.hookshot.worker.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The details of one HTTP attempt, as the worker hands them to the {@code settle} script (ARGV[6]) and the
 * exporter reads them back from the outbox ({@code data} field). Immutable.
 *
 * @param url             the URL posted to
 * @param startedAtMs     when the request started, epoch ms (worker clock)
 * @param durationMs      how long until the response was read or the attempt failed
 * @param statusCode      the response status, or null when there was no response
 * @param errorClass      null when a response came; else {@code timeout}, {@code connect}, {@code dns}, {@code tls},
 *                        {@code io}, {@code blocked}, {@code invalid_url}, {@code undecodable} or
 *                        {@code endpoint_deleted} (no request was made)
 * @param errorMessage    what went wrong, for people; null when nothing did
 * @param responseHeaders the response headers (repeated names joined with ", "); empty without a response
 * @param responseBody    the start of the response body as text, truncated at the configured limit; may be empty
 * @param workerId        the worker that made the attempt
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptRecord(
        String url,
        long startedAtMs,
        long durationMs,
        Integer statusCode,
        String errorClass,
        String errorMessage,
        Map<String, String> responseHeaders,
        String responseBody,
        String workerId) {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public AttemptRecord {
        responseHeaders = responseHeaders == null ? Map.of() : responseHeaders;
        responseBody = responseBody == null ? "" : responseBody;
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode attempt record", e);
        }
    }

    /** Reads a record written by {@link #toJson()}; throws {@link IllegalArgumentException} when it is not one. */
    public static AttemptRecord fromJson(String json) {
        try {
            return MAPPER.readValue(json, AttemptRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "outbox attempt data is not an attempt record: " + e.getOriginalMessage(), e);
        }
    }
}
