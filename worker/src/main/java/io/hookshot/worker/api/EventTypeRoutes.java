package io.hookshot.worker.api;

import static io.hookshot.worker.api.RegistryErrors.mapped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.worker.api.RegistryViews.EventTypeJson;
import io.hookshot.worker.api.RegistryViews.ItemsJson;
import io.hookshot.worker.registry.EventType;
import io.hookshot.worker.registry.EventTypeCatalog;
import io.hookshot.worker.registry.EventTypeChanges;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/** {@code /v1/event-types}: the catalogue of event types: create, list, read, change, archive. Thread-safe. */
final class EventTypeRoutes {
    private static final String PATH = "/v1/event-types/{name}";

    private final EventTypeCatalog catalog;
    private final ObjectMapper json;

    EventTypeRoutes(EventTypeCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/event-types", mapped(this::create));
        routes.get(
                "/v1/event-types",
                ctx -> ctx.json(new ItemsJson<>(
                        catalog.list().stream().map(EventTypeJson::of).toList())));
        routes.get(PATH, ctx -> ctx.json(EventTypeJson.of(found(ctx, catalog.find(name(ctx))))));
        routes.patch(PATH, mapped(this::change));
        routes.delete(PATH, ctx -> {
            found(ctx, catalog.archive(name(ctx)));
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }

    private void create(Context ctx) {
        JsonBody body = JsonBody.parse(json, ctx.body(), false);
        EventType created = catalog.create(
                body.requiredText("name"), body.text("description").orElse(""), schema(body));
        ctx.status(HttpStatus.CREATED).json(EventTypeJson.of(created));
    }

    private void change(Context ctx) {
        JsonBody body = JsonBody.parse(json, ctx.body(), false);
        Optional<Optional<String>> schema = body.isNull("schema")
                ? Optional.of(Optional.empty())
                : schema(body).map(Optional::of);
        Optional<String> description = body.isNull("description") ? Optional.of("") : body.text("description");
        EventTypeChanges changes = new EventTypeChanges(description, schema, body.bool("archived"));
        ctx.json(EventTypeJson.of(found(ctx, catalog.update(name(ctx), changes))));
    }

    /** The body's {@code schema}: a JSON object, passed on as text for the catalogue to check. */
    private static Optional<String> schema(JsonBody body) {
        Optional<JsonNode> schema = body.any("schema");
        if (schema.isPresent() && !schema.get().isObject()) {
            throw ApiException.badRequest("schema", "schema must be a JSON object (a JSON Schema)");
        }
        return schema.map(JsonNode::toString);
    }

    /** The name in the path; one that cannot be an event type's is simply not found. */
    private static EventTypeName name(Context ctx) {
        try {
            return new EventTypeName(ctx.pathParam("name"));
        } catch (IllegalArgumentException e) {
            throw notFound(ctx);
        }
    }

    private static EventType found(Context ctx, Optional<EventType> type) {
        return type.orElseThrow(() -> notFound(ctx));
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.notFound("no event type '" + ctx.pathParam("name") + "' in the catalogue");
    }
}
