package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin API's OpenAPI description as the server serves it, read for tests: its operations, their security, and
 * their schemas, checked with a JSON Schema 2020-12 validator (OpenAPI 3.1's schema dialect) whose {@code $ref}s
 * resolve in the description's {@code components}. Immutable.
 */
final class OpenApiDocument {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            Dialects.getDraft202012(), builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

    /** One operation: its method (upper case), path and the operation object. */
    record Operation(String method, String path, JsonNode node) {
        String route() {
            return method + " " + path;
        }
    }

    final JsonNode root;

    OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** Fetches it from the server, without a token. */
    static OpenApiDocument of(ApiFixture api) {
        Response response = api.call("GET", "/openapi.json", null, null);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return new OpenApiDocument(response.json());
    }

    List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        root.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (METHODS.contains(op.getKey())) {
                        out.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
                    }
                }));
        return out;
    }

    Set<String> routes() {
        Set<String> out = new TreeSet<>();
        operations().forEach(op -> out.add(op.route()));
        return out;
    }

    Operation operation(String method, String path) {
        return operations().stream()
                .filter(op -> op.method().equals(method) && op.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the description has no " + method + " " + path));
    }

    /** Whether the operation needs the bearer token: its own security, else the document's. */
    boolean secured(Operation op) {
        JsonNode security = op.node().has("security") ? op.node().get("security") : root.get("security");
        return security != null && !security.isEmpty();
    }

    /** The documented response of {@code op} for {@code status}, its {@code $ref} followed. */
    JsonNode response(Operation op, int status) {
        JsonNode response = op.node().get("responses").get(Integer.toString(status));
        assertThat(response).as("%s documents %d", op.route(), status).isNotNull();
        return resolve(response);
    }

    /** A {@code $ref} inside the document ({@code #/components/...}) followed, or the node itself. */
    JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : resolve(root.at(ref.asText().substring(1)));
    }

    /** How {@code instance} fails {@code schema} (a schema of this document), or empty when it matches. */
    List<String> errors(JsonNode schema, JsonNode instance) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.set("components", root.get("components"));
        wrapper.putArray("allOf").add(schema);
        List<Error> errors = SCHEMAS.getSchema(wrapper).validate(instance);
        return errors.stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }

    /** Asserts that a real response has a documented status, media type and body. */
    void assertDocuments(String method, String path, Response response) {
        Operation op = operation(method, path);
        JsonNode documented = response(op, response.status());
        JsonNode content = documented.get("content");
        if (content == null) {
            assertThat(response.text())
                    .as("%s %d has no body", op.route(), response.status())
                    .isEmpty();
            return;
        }
        String mediaType = response.contentType().split(";")[0].strip();
        JsonNode media = content.get(mediaType);
        assertThat(media)
                .as("%s %d documents %s", op.route(), response.status(), mediaType)
                .isNotNull();
        assertThat(errors(media.get("schema"), response.json()))
                .as("%s %d: %s", op.route(), response.status(), response.text())
                .isEmpty();
    }

    /** A documented body's example (null when it has none) and schema. */
    record Example(JsonNode example, JsonNode schema) {}

    /** Every documented body, of requests and responses, by where it is ("GET /v1/stats 200 application/json"). */
    Map<String, Example> examples() {
        Map<String, Example> out = new LinkedHashMap<>();
        for (Operation op : operations()) {
            JsonNode body = op.node().get("requestBody");
            if (body != null) {
                body.get("content").properties().forEach(m -> put(out, op.route() + " request " + m.getKey(), m));
            }
            op.node().get("responses").properties().forEach(r -> {
                JsonNode content = resolve(r.getValue()).get("content");
                if (content != null) {
                    content.properties().forEach(m -> put(out, op.route() + " " + r.getKey() + " " + m.getKey(), m));
                }
            });
        }
        return out;
    }

    private static void put(Map<String, Example> out, String where, Map.Entry<String, JsonNode> media) {
        out.put(
                where,
                new Example(media.getValue().get("example"), media.getValue().get("schema")));
    }
}
