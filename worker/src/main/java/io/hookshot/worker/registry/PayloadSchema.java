package io.hookshot.worker.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An event type's JSON Schema, checked to be a valid schema and compiled (networknt json-schema-validator): draft
 * 2020-12 unless its {@code $schema} names draft 4, 6, 7 or 2019-09. A {@code $ref} may point inside the schema only:
 * nothing is ever fetched. Immutable and thread-safe.
 */
final class PayloadSchema {
    /** The largest schema accepted, in bytes of its JSON. */
    static final int MAX_SCHEMA_BYTES = 64 * 1024;

    private static final String FIELD = "schema";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Dialect> DIALECTS = Stream.of(
                    Dialects.getDraft4(),
                    Dialects.getDraft6(),
                    Dialects.getDraft7(),
                    Dialects.getDraft201909(),
                    Dialects.getDraft202012())
            .collect(Collectors.toUnmodifiableMap(d -> withoutFragment(d.getId()), Function.identity()));
    private static final Dialect DEFAULT_DIALECT = Dialects.getDraft202012();
    private static final List<String> REFERENCES = List.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            DEFAULT_DIALECT,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .locale(Locale.ENGLISH)
                            .preloadSchema(true)
                            .build()));

    private final String json;
    private final Schema schema;

    private PayloadSchema(String json, Schema schema) {
        this.json = json;
        this.schema = schema;
    }

    /**
     * Reads and checks a schema: a JSON object, valid against its dialect's meta-schema, whose references all resolve
     * inside it. Throws {@link InvalidRegistryInputException} (field {@code schema}) saying what is wrong.
     */
    static PayloadSchema parse(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_SCHEMA_BYTES) {
            throw invalid("schema is larger than " + MAX_SCHEMA_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("schema is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalid("schema must be a JSON object (a JSON Schema)");
        }
        requireLocalReferences(node);
        Dialect dialect = dialectOf(node);
        List<Error> metaErrors =
                REGISTRY.getSchema(SchemaLocation.of(dialect.getId())).validate(node);
        if (!metaErrors.isEmpty()) {
            throw invalid("schema is not a valid JSON Schema: " + describe(metaErrors.getFirst()));
        }
        try {
            Schema schema = REGISTRY.getSchema(node);
            schema.validate(JSON.nullNode()); // resolves every reference now, not at the first publish
            return new PayloadSchema(node.toString(), schema);
        } catch (SchemaException | IllegalArgumentException e) {
            throw invalid("schema cannot be used: " + e.getMessage() + " (a $ref may point inside the schema only)");
        }
    }

    /** The schema as compact JSON text, as it is stored. */
    String json() {
        return json;
    }

    /** The first way {@code payload} (JSON, UTF-8) fails this schema, or empty when it matches. */
    Optional<PayloadProblem> check(byte[] payload) {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            return Optional.of(new PayloadProblem("", "not valid JSON"));
        }
        if (node == null || node.isMissingNode()) {
            return Optional.of(new PayloadProblem("", "empty, not JSON"));
        }
        List<Error> errors;
        try {
            errors = schema.validate(node);
        } catch (SchemaException e) { // parse() resolved what it could; nothing is fetched, so nothing is left
            return Optional.of(new PayloadProblem("", "cannot be checked against the schema: " + e.getMessage()));
        }
        return errors.isEmpty()
                ? Optional.empty()
                : Optional.of(new PayloadProblem(
                        errors.getFirst().getInstanceLocation().toString(),
                        errors.getFirst().getMessage()));
    }

    /**
     * Refuses a reference that is not a fragment of this document ({@code #/$defs/x}, {@code #anchor}): any other
     * would be loaded from elsewhere, and only when a payload reaches it.
     */
    private static void requireLocalReferences(JsonNode node) {
        if (node.isObject()) {
            for (String keyword : REFERENCES) {
                JsonNode ref = node.get(keyword);
                if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                    throw invalid("schema: " + keyword + " '" + ref.asText() + "' points outside the schema; a $ref"
                            + " may point inside the schema only, like #/$defs/name");
                }
            }
        }
        node.forEach(PayloadSchema::requireLocalReferences);
    }

    private static Dialect dialectOf(JsonNode node) {
        JsonNode declared = node.get("$schema");
        if (declared == null) {
            return DEFAULT_DIALECT;
        }
        Dialect dialect = declared.isTextual() ? DIALECTS.get(withoutFragment(declared.asText())) : null;
        if (dialect == null) {
            throw invalid("schema: $schema must name draft 4, 6, 7, 2019-09 or 2020-12 (or be left out for"
                    + " 2020-12), like " + DEFAULT_DIALECT.getId());
        }
        return dialect;
    }

    private static String describe(Error error) {
        String at = error.getInstanceLocation().toString();
        return (at.isEmpty() ? "" : "at " + at + ": ") + error.getMessage();
    }

    private static String withoutFragment(String id) {
        return id.endsWith("#") ? id.substring(0, id.length() - 1) : id;
    }

    private static InvalidRegistryInputException invalid(String message) {
        return new InvalidRegistryInputException(FIELD, message);
    }
}
