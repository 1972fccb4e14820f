package io.hookshot.common.events;

import io.hookshot.common.TraceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event as published: what waits in its tenant's partition's events stream until a worker fans it out, and what
 * the history keeps of it. Immutable.
 *
 * @param id             the event's id, from which its messages' ids are made ({@link EventId#messageIdFor})
 * @param tenant         the tenant it is published to
 * @param type           its type; endpoints subscribe to types
 * @param payload        the JSON body each of its messages carries
 * @param channels       its channels, in the order given ({@link EventChannels}); empty: none
 * @param idempotencyKey the publisher's deduplication key, or empty
 * @param createdAt      when the producer made it (kept to the millisecond, as the codec stores it)
 * @param trace          the trace context it was published in, which the fan-out gives each of its messages; empty
 *                       outside a span
 */
public record PublishedEvent(
        EventId id,
        TenantId tenant,
        EventTypeName type,
        String payload,
        List<String> channels,
        Optional<String> idempotencyKey,
        Instant createdAt,
        Optional<TraceContext> trace) {
    public PublishedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        channels = List.copyOf(channels);
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(trace, "trace");
    }

    /** An event published outside any trace. */
    public PublishedEvent(
            EventId id,
            TenantId tenant,
            EventTypeName type,
            String payload,
            List<String> channels,
            Optional<String> idempotencyKey,
            Instant createdAt) {
        this(id, tenant, type, payload, channels, idempotencyKey, createdAt, Optional.empty());
    }

    @Override
    public String toString() {
        return "PublishedEvent[id=" + id + ", tenant=" + tenant + ", type=" + type + ", payload=" + payload.length()
                + " chars]";
    }
}
