package io.hookshot.worker.registry;

import io.hookshot.common.events.EventTypeName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the event type catalogue, as PostgreSQL holds it. Immutable.
 *
 * @param name        the type's name, like {@code invoice.paid}
 * @param description what the event means, for people; empty when not given
 * @param schema      the JSON Schema its payloads must match, as JSON text; empty: any JSON payload
 * @param archived    whether it is archived
 */
public record EventType(
        EventTypeName name,
        String description,
        Optional<String> schema,
        boolean archived,
        Instant createdAt,
        Instant updatedAt) {
    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
