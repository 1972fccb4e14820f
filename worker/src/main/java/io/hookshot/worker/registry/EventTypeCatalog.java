package io.hookshot.worker.registry;

import static io.hookshot.worker.registry.RegistryRows.time;

import io.hookshot.common.events.EventTypeName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue of event types (table {@code hookshot_event_type}), shared by the admin API and the command line.
 * Each change is one transaction; after the commit the type's state ({@code active} or {@code archived}) is written
 * to the Redis mirror of the catalogue. When Redis fails the change stands, the failure is logged, and
 * {@link MirrorRepair} writes it later. Types are archived, never deleted. Thread-safe.
 */
public final class EventTypeCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(EventTypeCatalog.class);
    private static final String COLUMNS = "name, description, schema::text as schema, archived, created_at, updated_at";
    private static final String INSERT = """
            insert into hookshot_event_type (name, description, schema, archived, created_at, updated_at)
            values (:name, :description, cast(:schema as jsonb), false, :now, :now)
            on conflict (name) do nothing""";
    private static final String FIND = "select " + COLUMNS + " from hookshot_event_type where name = :name";
    private static final String LOCK = FIND + " for update";
    private static final String LIST = "select " + COLUMNS + " from hookshot_event_type order by name";
    private static final String UPDATE = """
            update hookshot_event_type
               set description = :description, schema = cast(:schema as jsonb), archived = :archived, updated_at = :now
             where name = :name""";

    private final Jdbi jdbi;
    private final RegistryMirror mirror;
    private final Clock clock;

    EventTypeCatalog(Jdbi jdbi, RegistryMirror mirror, Clock clock) {
        this.jdbi = jdbi;
        this.mirror = mirror;
        this.clock = clock;
    }

    /**
     * Adds an active type. Throws {@link InvalidRegistryInputException} naming a bad field (a name that is not an
     * {@link EventTypeName}, a schema that is not a valid JSON Schema), {@link RegistryConflictException} when the
     * name is taken (archived types included).
     */
    public EventType create(String name, String description, Optional<String> schema) {
        EventTypeName typeName = name(name);
        String checkedDescription = description(description);
        Optional<String> checkedSchema = schema.map(s -> PayloadSchema.parse(s).json());
        Instant now = clock.instant();
        EventType created = jdbi.inTransaction(h -> {
            int inserted = h.createUpdate(INSERT)
                    .bind("name", typeName.value())
                    .bind("description", checkedDescription)
                    .bind("schema", checkedSchema.orElse(null))
                    .bind("now", time(now))
                    .execute();
            if (inserted == 0) {
                throw new RegistryConflictException(
                        "name",
                        "event type " + typeName + " exists already (archived"
                                + " types keep their names; restore it with \"archived\": false)");
            }
            return find(h, typeName).orElseThrow();
        });
        mirror(created);
        return created;
    }

    /** Every type, archived ones included, by name. */
    public List<EventType> list() {
        return jdbi.withHandle(
                h -> h.createQuery(LIST).map((rs, ctx) -> eventType(rs)).list());
    }

    public Optional<EventType> find(EventTypeName name) {
        return jdbi.withHandle(h -> find(h, name));
    }

    /** Applies the changes; empty when there is no such type. Throws {@link InvalidRegistryInputException}. */
    public Optional<EventType> update(EventTypeName name, EventTypeChanges changes) {
        Optional<String> description = changes.description().map(EventTypeCatalog::description);
        Optional<Optional<String>> schema = changes.schema()
                .map(s -> s.map(text -> PayloadSchema.parse(text).json()));
        Instant now = clock.instant();
        Optional<EventType> updated = jdbi.inTransaction(h -> h.createQuery(LOCK)
                .bind("name", name.value())
                .map((rs, ctx) -> eventType(rs))
                .findOne()
                .map(existing -> {
                    h.createUpdate(UPDATE)
                            .bind("name", name.value())
                            .bind("description", description.orElse(existing.description()))
                            .bind("schema", schema.orElse(existing.schema()).orElse(null))
                            .bind("archived", changes.archived().orElse(existing.archived()))
                            .bind("now", time(now))
                            .execute();
                    return find(h, name).orElseThrow();
                }));
        updated.ifPresent(this::mirror);
        return updated;
    }

    /** Archives the type: events of it are refused while types are strict. Empty when there is no such type. */
    public Optional<EventType> archive(EventTypeName name) {
        return update(name, EventTypeChanges.archive());
    }

    /** Every type's state, {@code true} for archived: what the mirror of the catalogue holds. */
    static Map<String, Boolean> states(Handle h) {
        return h
                .createQuery("select name, archived from hookshot_event_type")
                .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getBoolean("archived")))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The name, checked; a bad one is an {@link InvalidRegistryInputException} of field {@code name}. */
    static EventTypeName name(String name) {
        try {
            return new EventTypeName(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRegistryInputException("name", "name: " + e.getMessage());
        }
    }

    private static String description(String description) {
        return EndpointRules.text("description", description);
    }

    private void mirror(EventType type) {
        try {
            mirror.eventTypes(Map.of(type.name().value(), type.archived()), false);
        } catch (RuntimeException e) {
            LOG.warn(
                    "event type {} changed, but the Redis mirror of the catalogue could not be written ({}); the"
                            + " next mirror repair writes it",
                    type.name(),
                    e.toString());
        }
    }

    private static Optional<EventType> find(Handle h, EventTypeName name) {
        return h.createQuery(FIND)
                .bind("name", name.value())
                .map((rs, ctx) -> eventType(rs))
                .findOne();
    }

    private static EventType eventType(ResultSet rs) throws SQLException {
        return new EventType(
                new EventTypeName(rs.getString("name")),
                rs.getString("description"),
                Optional.ofNullable(rs.getString("schema")),
                rs.getBoolean("archived"),
                RegistryRows.instant(rs, "created_at"),
                RegistryRows.instant(rs, "updated_at"));
    }
}
