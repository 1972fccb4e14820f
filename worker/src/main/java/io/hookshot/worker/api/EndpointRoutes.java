package io.hookshot.worker.api;

import static io.hookshot.worker.api.RegistryErrors.mapped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.api.RegistryViews.EndpointJson;
import io.hookshot.worker.api.RegistryViews.ItemsJson;
import io.hookshot.worker.api.RegistryViews.SecretsJson;
import io.hookshot.worker.registry.EndpointChanges;
import io.hookshot.worker.registry.EndpointDraft;
import io.hookshot.worker.registry.EndpointRegistry;
import io.hookshot.worker.registry.EndpointSecret;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/tenants/{tenant}/endpoints}: a tenant's endpoints: register, list, read, change, delete, and their
 * signing secrets: read, rotate. Thread-safe.
 */
final class EndpointRoutes {
    private static final String ENDPOINTS = "/v1/tenants/{tenant}/endpoints";
    private static final String ENDPOINT = ENDPOINTS + "/{id}";

    private final EndpointRegistry endpoints;
    private final ObjectMapper json;

    EndpointRoutes(EndpointRegistry endpoints, ObjectMapper json) {
        this.endpoints = endpoints;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post(ENDPOINTS, mapped(this::create));
        routes.get(
                ENDPOINTS,
                ctx -> ctx.json(new ItemsJson<>(endpoints.list(tenant(ctx)).stream()
                        .map(EndpointJson::of)
                        .toList())));
        routes.get(ENDPOINT, ctx -> ctx.json(EndpointJson.of(found(ctx, endpoints.find(tenant(ctx), id(ctx))))));
        routes.patch(ENDPOINT, mapped(this::change));
        routes.delete(ENDPOINT, ctx -> {
            if (!endpoints.delete(tenant(ctx), id(ctx))) {
                throw notFound(ctx);
            }
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.get(ENDPOINT + "/secret", ctx -> ctx.json(secrets(ctx, endpoints.secrets(tenant(ctx), id(ctx)))));
        routes.post(ENDPOINT + "/secret/rotate", mapped(this::rotate));
    }

    private void create(Context ctx) {
        TenantId tenant = tenant(ctx);
        JsonBody body = JsonBody.parse(json, ctx.body(), false);
        EndpointDraft draft = new EndpointDraft(
                body.requiredText("url"),
                body.texts("eventTypes").orElse(List.of()),
                body.texts("channels").orElse(List.of()),
                body.text("description").orElse(""),
                body.strings("headers"),
                body.text("secret"),
                body.whole("rateLimit"),
                body.bool("disabled").orElse(false),
                body.text("disabledReason"),
                body.strings("metadata"));
        EndpointRegistry.Created created = endpoints.create(tenant, draft);
        ctx.status(HttpStatus.CREATED).json(EndpointJson.of(created.endpoint(), Optional.of(created.secret())));
    }

    /** A field left out is unchanged; {@code null} resets it (no rate limit, every event type, no headers...). */
    private void change(Context ctx) {
        TenantId tenant = tenant(ctx);
        JsonBody b = JsonBody.parse(json, ctx.body(), false);
        EndpointChanges changes = new EndpointChanges(
                b.text("url"),
                b.isNull("eventTypes") ? Optional.of(List.of()) : b.texts("eventTypes"),
                b.isNull("channels") ? Optional.of(List.of()) : b.texts("channels"),
                b.isNull("description") ? Optional.of("") : b.text("description"),
                b.isNull("headers") || b.any("headers").isPresent()
                        ? Optional.of(b.strings("headers"))
                        : Optional.empty(),
                b.isNull("rateLimit")
                        ? Optional.of(Optional.empty())
                        : b.whole("rateLimit").map(Optional::of),
                b.bool("disabled"),
                b.text("disabledReason"),
                b.isNull("metadata") || b.any("metadata").isPresent()
                        ? Optional.of(b.strings("metadata"))
                        : Optional.empty());
        ctx.json(EndpointJson.of(found(ctx, endpoints.update(tenant, id(ctx), changes))));
    }

    private void rotate(Context ctx) {
        TenantId tenant = tenant(ctx);
        JsonBody body = JsonBody.parse(json, ctx.body(), true);
        Optional<Duration> grace = body.whole("graceSeconds").map(Duration::ofSeconds);
        ctx.json(secrets(ctx, endpoints.rotate(tenant, id(ctx), body.text("secret"), grace)));
    }

    private static SecretsJson secrets(Context ctx, Optional<List<EndpointSecret>> secrets) {
        return SecretsJson.of(ctx.pathParam("id"), secrets.orElseThrow(() -> notFound(ctx)));
    }

    /** The tenant in the path; a malformed one is a 400 naming {@code tenant}. */
    private static TenantId tenant(Context ctx) {
        try {
            return new TenantId(ctx.pathParam("tenant"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tenant", e.getMessage());
        }
    }

    /** The endpoint id in the path; one that cannot be an endpoint's is simply not found. */
    private static EndpointId id(Context ctx) {
        try {
            return new EndpointId(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw notFound(ctx);
        }
    }

    private static <T> T found(Context ctx, Optional<T> value) {
        return value.orElseThrow(() -> notFound(ctx));
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.notFound(
                "tenant '" + ctx.pathParam("tenant") + "' has no endpoint '" + ctx.pathParam("id") + "'");
    }
}
