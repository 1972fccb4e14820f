package io.hookshot.common;

import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook to deliver, as the producer enqueued it. Immutable; how many attempts were made so far is state of
 * the queue, not of the job (see {@code ClaimedJob} in the worker).
 *
 * @param id             stable across retries, sent as {@code webhook-id}
 * @param url            absolute http(s) URL to POST to
 * @param headers        extra request headers, in order
 * @param payload        the request body
 * @param contentType    the body's media type
 * @param retrySchedule  this message's own schedule, or empty for the worker's default
 * @param idempotencyKey the producer's deduplication key, or empty
 * @param signingSecrets the secrets this message is signed with, in order (two while one is rotated), or empty for
 *                       the worker's default; never shown by {@link #toString()}
 * @param createdAt      when the producer made it (kept to the millisecond, as the codec stores it)
 * @param origin         for a message made by fan-out, the event and endpoint it was made from; empty for a message
 *                       sent to a URL
 * @param trace          the trace context it was sent in, which each attempt's span continues; empty when it was sent
 *                       outside a span (or before Hookshot kept it)
 */
public record Job(
        MessageId id,
        URI url,
        Map<String, String> headers,
        byte[] payload,
        String contentType,
        Optional<RetrySchedule> retrySchedule,
        Optional<String> idempotencyKey,
        List<SigningSecret> signingSecrets,
        Instant createdAt,
        Optional<EventOrigin> origin,
        Optional<TraceContext> trace) {

    public static final String DEFAULT_CONTENT_TYPE = "application/json";

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(retrySchedule, "retrySchedule");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        signingSecrets = List.copyOf(signingSecrets);
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(trace, "trace");
    }

    /** A job sent outside any trace. */
    public Job(
            MessageId id,
            URI url,
            Map<String, String> headers,
            byte[] payload,
            String contentType,
            Optional<RetrySchedule> retrySchedule,
            Optional<String> idempotencyKey,
            List<SigningSecret> signingSecrets,
            Instant createdAt,
            Optional<EventOrigin> origin) {
        this(
                id,
                url,
                headers,
                payload,
                contentType,
                retrySchedule,
                idempotencyKey,
                signingSecrets,
                createdAt,
                origin,
                Optional.empty());
    }

    /** A job sent to a URL, made by no fan-out, outside any trace. */
    public Job(
            MessageId id,
            URI url,
            Map<String, String> headers,
            byte[] payload,
            String contentType,
            Optional<RetrySchedule> retrySchedule,
            Optional<String> idempotencyKey,
            List<SigningSecret> signingSecrets,
            Instant createdAt) {
        this(
                id,
                url,
                headers,
                payload,
                contentType,
                retrySchedule,
                idempotencyKey,
                signingSecrets,
                createdAt,
                Optional.empty());
    }

    /**
     * The endpoint key this job is queued and capped under: the endpoint id of a fan-out message (each registered
     * endpoint its own fairness lane, whatever its URL), else the URL's origin ({@code scheme://host:port}).
     */
    public String endpointKey() {
        return origin.isPresent() ? origin.get().endpointId() : Endpoints.keyOf(url);
    }

    /** This job with {@code newUrl} in place of its URL, everything else kept. */
    public Job withUrl(URI newUrl) {
        return new Job(
                id,
                newUrl,
                headers,
                payload,
                contentType,
                retrySchedule,
                idempotencyKey,
                signingSecrets,
                createdAt,
                origin,
                trace);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Job j
                && id.equals(j.id)
                && url.equals(j.url)
                && headers.equals(j.headers)
                && Arrays.equals(payload, j.payload)
                && contentType.equals(j.contentType)
                && retrySchedule.equals(j.retrySchedule)
                && idempotencyKey.equals(j.idempotencyKey)
                && signingSecrets.equals(j.signingSecrets)
                && createdAt.equals(j.createdAt)
                && origin.equals(j.origin)
                && trace.equals(j.trace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id,
                url,
                headers,
                Arrays.hashCode(payload),
                contentType,
                retrySchedule,
                idempotencyKey,
                signingSecrets,
                createdAt,
                origin,
                trace);
    }

    @Override
    public String toString() {
        return "Job[id=" + id + ", url=" + url + ", payload=" + payload.length + " bytes]";
    }
}
