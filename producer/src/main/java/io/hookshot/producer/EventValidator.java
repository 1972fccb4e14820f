package io.hookshot.producer;

import io.hookshot.common.TraceContext;
import io.hookshot.common.events.EventChannels;
import io.hookshot.common.events.EventPayloads;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The producer's rules for an {@link Event}, all in one place (the event type catalogue aside: see
 * {@link EventTypeCatalogue}). Every broken rule is an {@link InvalidEventException} naming the field and the
 * problem. Thread-safe (immutable).
 */
final class EventValidator {
    private final int maxPayloadBytes;

    EventValidator(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Checks every event before any is published; in a batch of several, the exception says which event broke a
     * rule. Returns them as published at {@code createdAt} in {@code trace}, in order.
     */
    List<PublishedEvent> validateAll(List<Event> events, Instant createdAt, Optional<TraceContext> trace) {
        int size = events.size();
        List<PublishedEvent> valid = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Event e = events.get(i);
            if (e == null) {
                throw new InvalidEventException(
                        "event", size == 1 ? "event is null" : "event " + i + " of a batch of " + size + " is null");
            }
            try {
                valid.add(validate(e, createdAt, trace));
            } catch (InvalidEventException ex) {
                throw size == 1 ? ex : ex.inBatch(i, size, e.id().value());
            }
        }
        return valid;
    }

    PublishedEvent validate(Event e, Instant createdAt) {
        return validate(e, createdAt, Optional.empty());
    }

    private PublishedEvent validate(Event e, Instant createdAt, Optional<TraceContext> trace) {
        if (e.tenant() == null) {
            throw new InvalidEventException("tenant", "tenant is required: call tenant(...) on the builder");
        }
        TenantId tenant = parse("tenant", () -> new TenantId(e.tenant()));
        EventTypeName type = parse("type", () -> new EventTypeName(e.type()));
        checkPayload(e.payload());
        parse("channels", () -> {
            EventChannels.check(e.channels());
            return e.channels();
        });
        e.idempotencyKey().ifPresent(key -> {
            try {
                MessageValidator.checkIdempotencyKey(key);
            } catch (InvalidMessageException ex) {
                throw new InvalidEventException("idempotencyKey", ex.getMessage());
            }
        });
        return new PublishedEvent(
                e.id(), tenant, type, e.payload(), e.channels(), e.idempotencyKey(), createdAt, trace);
    }

    private void checkPayload(String payload) {
        if (payload == null) {
            throw new InvalidEventException("payload", "payload is required: call payload(...) on the builder");
        }
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxPayloadBytes) {
            throw new InvalidEventException(
                    "payload",
                    "payload is " + bytes + " bytes; the limit is " + maxPayloadBytes + " bytes ("
                            + ProducerConfig.ENV_MAX_PAYLOAD + ")");
        }
        parse("payload", () -> {
            EventPayloads.checkJson(payload);
            return payload;
        });
    }

    private interface Check<T> {
        T run();
    }

    private static <T> T parse(String field, Check<T> check) {
        try {
            return check.run();
        } catch (IllegalArgumentException | NullPointerException ex) {
            throw new InvalidEventException(field, ex.getMessage());
        }
    }
}
