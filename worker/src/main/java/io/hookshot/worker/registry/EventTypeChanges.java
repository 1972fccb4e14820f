package io.hookshot.worker.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request changes of an event type, not yet checked: every empty field is left as it is. Immutable.
 *
 * @param schema   empty: unchanged; holding empty: the schema is removed (any JSON payload)
 * @param archived true archives the type, false restores it
 */
public record EventTypeChanges(
        Optional<String> description, Optional<Optional<String>> schema, Optional<Boolean> archived) {
    public EventTypeChanges {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(archived, "archived");
    }

    /** Archives the type and changes nothing else. */
    public static EventTypeChanges archive() {
        return new EventTypeChanges(Optional.empty(), Optional.empty(), Optional.of(true));
    }
}
