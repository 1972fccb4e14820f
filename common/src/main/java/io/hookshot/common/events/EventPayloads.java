package io.hookshot.common.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/** The rule every event payload keeps: exactly one JSON value. Stateless and thread-safe. */
public final class EventPayloads {
    /** The payload is the caller's: Jackson's default limits apply (nesting depth, number length), but for length. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private EventPayloads() {}

    /** Throws {@link IllegalArgumentException} saying where, unless {@code payload} is exactly one JSON value. */
    public static void checkJson(String payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("payload is empty: an event's payload is JSON");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("payload has more than one JSON value, at line "
                        + p.currentLocation().getLineNr() + ", column "
                        + p.currentLocation().getColumnNr());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "payload is not valid JSON: " + e.getOriginalMessage() + " (line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")",
                    e);
        } catch (IOException e) { // parsing a String does no I/O; Jackson declares it anyway
            throw new IllegalStateException(e);
        }
    }
}
