package io.hookshot.worker.registry;

import io.hookshot.common.events.EventTypeName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Checks an event's payload against its event type's JSON Schema, for whatever publishes events (the admin API's
 * publish route): {@code schemas.check(new EventTypeName("invoice.paid"), payloadBytes)} returns empty when the
 * payload may be published (the type has no schema, the payload matches it, or the catalogue has no such type: whether
 * that is allowed is the publisher's rule), else the first problem, naming the failing JSON path
 * ({@link PayloadProblem#describe()} is a ready error detail: {@code payload at /amount: string found, integer
 * expected}).
 *
 * <p>Each type's schema is read from PostgreSQL at most once per {@link #REFRESH} and kept compiled, so a schema
 * change applies within that time. While PostgreSQL cannot be read, the schema last read is used; a type never read
 * before then makes {@link #check} throw the store's {@link JdbiException}. Thread-safe.
 */
public final class PayloadSchemas {
    /** How long a schema read from PostgreSQL is used before it is read again. */
    public static final Duration REFRESH = Duration.ofSeconds(1);

    private static final String SCHEMA = "select schema::text from hookshot_event_type where name = :name";

    /** A type's schema as last read, as text and compiled: empty when it has none (or there is no such type). */
    private record Cached(Optional<String> text, Optional<PayloadSchema> schema, Instant readAt) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final Map<EventTypeName, Cached> cache = new ConcurrentHashMap<>();

    PayloadSchemas(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * The first way {@code payload} (JSON, UTF-8) fails the JSON Schema of event type {@code type}; empty when it
     * does not (see the class comment). Throws {@link JdbiException} only when PostgreSQL cannot be read and this
     * type's schema was never read.
     */
    public Optional<PayloadProblem> check(EventTypeName type, byte[] payload) {
        return schemaOf(type).flatMap(schema -> schema.check(payload));
    }

    private Optional<PayloadSchema> schemaOf(EventTypeName type) {
        Instant now = clock.instant();
        Cached cached = cache.get(type);
        if (cached != null && now.isBefore(cached.readAt().plus(REFRESH))) {
            return cached.schema();
        }
        Optional<String> text;
        try {
            text = jdbi.withHandle(h -> h.createQuery(SCHEMA)
                    .bind("name", type.value())
                    .mapTo(String.class)
                    .findOne());
        } catch (JdbiException e) {
            if (cached == null) {
                throw e;
            }
            return cached.schema();
        }
        Optional<PayloadSchema> schema =
                cached != null && cached.text().equals(text) ? cached.schema() : text.map(PayloadSchema::parse);
        cache.put(type, new Cached(text, schema, now));
        return schema;
    }
}
