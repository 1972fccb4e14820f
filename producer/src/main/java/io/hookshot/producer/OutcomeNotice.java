package io.hookshot.producer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookshot.common.MessageId;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A notice the scripts publish and keep as the outcome record (see {@code include/outcome.lua} for the format): a
 * message's outcome, or the endpoints an event was fanned out to. Immutable.
 *
 * @param key         {@link #messageKey} or {@link #eventKey} of what it is about: what waiters are filed under
 * @param message     a message's outcome, or null for an event's notice
 * @param endpointIds an event's endpoints, in the order fanned out; empty for a message's notice
 */
record OutcomeNotice(String key, DeliveryOutcome message, List<String> endpointIds) {
    private static final JsonFactory JSON = new JsonFactory();

    static String messageKey(String messageId) {
        return "m:" + messageId;
    }

    static String eventKey(String eventId) {
        return "e:" + eventId;
    }

    /**
     * Reads a notice.
     *
     * @throws IllegalArgumentException when {@code text} is not one
     */
    static OutcomeNotice parse(String text) {
        if (text != null && text.startsWith("e\n")) {
            String[] parts = text.split("\n", 3);
            if (parts.length == 3) {
                List<String> endpoints = parts[2].isBlank()
                        ? List.of()
                        : Arrays.asList(parts[2].strip().split(" "));
                return new OutcomeNotice(eventKey(parts[1]), null, List.copyOf(endpoints));
            }
        } else if (text != null && text.startsWith("m\n")) {
            String[] parts = text.split("\n", 6);
            if (parts.length == 6 && parts[3].matches("\\d{1,9}")) {
                return new OutcomeNotice(messageKey(parts[1]), outcome(parts), List.of());
            }
        }
        throw new IllegalArgumentException(
                "not an outcome notice: " + (text == null ? "null" : text.substring(0, Math.min(text.length(), 80))));
    }

    /** From {@code m, id, outcome, attempt, reason, attempt details}. */
    private static DeliveryOutcome outcome(String[] parts) {
        MessageId id = new MessageId(parts[1]);
        int attempts = Integer.parseInt(parts[3]);
        Attempt attempt = Attempt.read(parts[5]);
        if (parts[2].equals("delivered")) {
            return new DeliveryOutcome.Delivered(id, attempt.status.orElse(0), attempts, attempt.body);
        }
        if (parts[2].equals("dead")) {
            return new DeliveryOutcome.Dead(id, parts[4], attempts, attempt.status);
        }
        throw new IllegalArgumentException("outcome notice of " + id + " has outcome '" + parts[2] + "'");
    }

    /** What an outcome keeps of the worker's attempt details (its AttemptRecord names these fields). */
    private record Attempt(Optional<Integer> status, String body) {
        static Attempt read(String json) {
            Optional<Integer> status = Optional.empty();
            String body = "";
            if (json.isEmpty()) {
                return new Attempt(status, body);
            }
            try (JsonParser p = JSON.createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("outcome notice's attempt details are not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("statusCode") && value == JsonToken.VALUE_NUMBER_INT) {
                        status = Optional.of(p.getIntValue());
                    } else if (field.equals("responseBody") && value == JsonToken.VALUE_STRING) {
                        body = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "outcome notice has unreadable attempt details: " + e.getMessage(), e);
            }
            return new Attempt(status, body);
        }
    }
}
