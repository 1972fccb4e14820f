package io.hookshot.worker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.Durations;
import io.hookshot.common.RetrySchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's JSON object body, read field by field; every missing or malformed field is a 400
 * {@link ApiException} naming it (nested fields as {@code parent.child}). Immutable.
 */
final class JsonBody {
    private final JsonNode node;
    private final String prefix;

    private JsonBody(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** Parses a body that must be a JSON object; an empty body is an empty object when {@code emptyOk}. */
    static JsonBody parse(ObjectMapper mapper, String text, boolean emptyOk) {
        if (text == null || text.isBlank()) {
            if (emptyOk) {
                return new JsonBody(mapper.createObjectNode(), "");
            }
            throw ApiException.badRequest("body", "the request body is empty: send a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(
                    "body",
                    "the request body is not valid JSON: "
                            + e.getOriginalMessage() + " (line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body", "the request body must be a JSON object");
        }
        return new JsonBody(node, "");
    }

    String name(String field) {
        return prefix + field;
    }

    /** The field's JSON, any type; empty when absent or null. */
    Optional<JsonNode> any(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> ApiException.badRequest(name(field), name(field) + " is required"));
    }

    Optional<String> text(String field) {
        return any(field).map(v -> {
            if (!v.isTextual()) {
                throw ApiException.badRequest(name(field), name(field) + " must be a string");
            }
            return v.asText();
        });
    }

    Optional<Long> whole(String field) {
        return any(field).map(v -> {
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                throw ApiException.badRequest(name(field), name(field) + " must be a whole number");
            }
            return v.asLong();
        });
    }

    Optional<JsonBody> object(String field) {
        return any(field).map(v -> {
            if (!v.isObject()) {
                throw ApiException.badRequest(name(field), name(field) + " must be a JSON object");
            }
            return new JsonBody(v, name(field) + ".");
        });
    }

    /** An object of string values, in order, like request headers. */
    Map<String, String> strings(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        object(field)
                .ifPresent(o -> o.node.properties().forEach(e -> {
                    if (!e.getValue().isTextual()) {
                        throw ApiException.badRequest(
                                name(field), name(field) + "." + e.getKey() + " must be a string");
                    }
                    out.put(e.getKey(), e.getValue().asText());
                }));
        return out;
    }

    /** An array of strings, in order; empty when absent or null. */
    List<String> stringList(String field) {
        List<String> out = new ArrayList<>();
        any(field).ifPresent(v -> {
            if (!v.isArray()) {
                throw ApiException.badRequest(name(field), name(field) + " must be an array of strings");
            }
            v.forEach(item -> {
                if (!item.isTextual()) {
                    throw ApiException.badRequest(name(field), name(field) + " must be an array of strings");
                }
                out.add(item.asText());
            });
        });
        return out;
    }

    /** A duration as text ({@code 30s}, {@code 5m}) or a whole number of milliseconds. */
    Optional<Duration> duration(String field) {
        return any(field).map(v -> {
            if (v.isIntegralNumber()) {
                return Duration.ofMillis(v.asLong());
            }
            if (!v.isTextual()) {
                throw ApiException.badRequest(
                        name(field),
                        name(field) + " must be a duration like \"30s\" or a whole number of milliseconds");
            }
            try {
                return Durations.parse(v.asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name(field), name(field) + ": " + e.getMessage());
            }
        });
    }

    /** A schedule as text ({@code "5s,5m"}, {@code "exponential(1s,2,1h,5)"}) or an array of durations. */
    Optional<RetrySchedule> schedule(String field) {
        return any(field).map(v -> {
            try {
                if (v.isTextual()) {
                    return RetrySchedule.parse(v.asText());
                }
                if (v.isArray()) {
                    List<Duration> delays = new ArrayList<>();
                    v.forEach(d -> delays.add(
                            d.isIntegralNumber() ? Duration.ofMillis(d.asLong()) : Durations.parse(d.asText())));
                    return new RetrySchedule(delays);
                }
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name(field), name(field) + ": " + e.getMessage());
            }
            throw ApiException.badRequest(
                    name(field), name(field) + " must be a string like \"5s,5m,30m\" or an" + " array of durations");
        });
    }

    /** Whether the field is given as JSON {@code null}, which in a change (PATCH) resets it. */
    boolean isNull(String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNull();
    }

    Optional<Boolean> bool(String field) {
        return any(field).map(v -> {
            if (!v.isBoolean()) {
                throw ApiException.badRequest(name(field), name(field) + " must be true or false");
            }
            return v.asBoolean();
        });
    }

    /** An array of strings, in order. */
    Optional<List<String>> texts(String field) {
        return any(field).map(v -> {
            if (!v.isArray()) {
                throw ApiException.badRequest(name(field), name(field) + " must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            v.forEach(item -> {
                if (!item.isTextual()) {
                    throw ApiException.badRequest(
                            name(field),
                            name(field) + " must be an array of strings, got "
                                    + item.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + item);
                }
                out.add(item.asText());
            });
            return out;
        });
    }
}
