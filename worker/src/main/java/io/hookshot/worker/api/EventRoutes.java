package io.hookshot.worker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.Event;
import io.hookshot.producer.InvalidEventException;
import io.hookshot.producer.ProducerException;
import io.hookshot.worker.api.EventViews.EventJson;
import io.hookshot.worker.api.EventViews.EventSummaryJson;
import io.hookshot.worker.api.Views.PageJson;
import io.hookshot.worker.store.EventFilter;
import io.hookshot.worker.store.EventView;
import io.hookshot.worker.store.InvalidFilterException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.JdbiException;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events: {@code POST /v1/tenants/{tenant}/events} publishes one, {@code GET /v1/tenants/{tenant}/events} searches
 * a tenant's events newest first, {@code GET /v1/events/{id}} shows one with each endpoint's message. Thread-safe.
 */
final class EventRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(EventRoutes.class);
    /** The producer's field names where the API's differ. */
    private static final Map<String, String> API_FIELD =
            Map.of("type", "eventType", "idempotencyKey", MessageRoutes.IDEMPOTENCY_KEY);

    private final ApiServices services;
    private final ObjectMapper json;

    EventRoutes(ApiServices services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/tenants/{tenant}/events", this::publish);
        routes.get("/v1/tenants/{tenant}/events", this::search);
        routes.get("/v1/events/{id}", this::show);
    }

    /**
     * 202 {@code {id, eventType, endpoints}}: {@code endpoints} is how many endpoints of the tenant accept the event
     * in the Redis mirror when it is published. The fan-out reads the mirror again when it runs (within a second
     * or so), and the event's own {@code endpoints} ({@code GET /v1/events/{id}}) is what it found then.
     */
    private void publish(Context ctx) throws JsonProcessingException {
        TenantId tenant = tenant(ctx);
        JsonBody body = JsonBody.parse(json, ctx.body(), false);
        String type = body.requiredText("eventType");
        JsonNode payload = body.any("payload")
                .orElseThrow(() -> ApiException.badRequest("payload", "payload is required: any JSON value"));
        List<String> channels = body.stringList("channels");
        String text = json.writeValueAsString(payload);
        checkSchema(type, text);
        Event.Builder event =
                Event.builder(type).tenant(tenant.value()).payload(text).channels(channels);
        String key = ctx.header(MessageRoutes.IDEMPOTENCY_KEY);
        if (key != null) {
            event.idempotencyKey(key);
        }
        Event built = event.build();
        long endpoints;
        EventId id;
        try {
            endpoints = services.endpoints().endpointsOf(tenant).stream()
                    .filter(e -> e.accepts(type, channels))
                    .count();
            id = RequestTrace.around(ctx, () -> services.producer().publish(built));
        } catch (InvalidEventException e) {
            throw ApiException.badRequest(API_FIELD.getOrDefault(e.field(), e.field()), e.getMessage());
        } catch (ProducerException | RedisException e) {
            throw ApiException.unavailable(
                    "Redis is unreachable; nothing was published, so publishing again is" + " safe");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id.value());
        out.put("eventType", type);
        out.put("endpoints", endpoints);
        ctx.status(HttpStatus.ACCEPTED).json(out);
    }

    /**
     * A 400 naming the failing path when the payload does not match its type's JSON Schema. While PostgreSQL cannot
     * be read and the type's schema was never read, the event is published unchecked (publishing goes on through an
     * outage, as sending does); the registry's catalogue check in the producer still applies.
     */
    private void checkSchema(String type, String payload) {
        EventTypeName name;
        try {
            name = new EventTypeName(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("eventType", e.getMessage());
        }
        try {
            services.registry()
                    .payloadSchemas()
                    .check(name, payload.getBytes(StandardCharsets.UTF_8))
                    .ifPresent(problem -> {
                        throw ApiException.badRequest("payload", problem.describe());
                    });
        } catch (JdbiException e) {
            LOG.warn(
                    "publishing a {} event without checking its schema: PostgreSQL cannot be read: {}",
                    type,
                    e.toString());
        }
    }

    private void search(Context ctx) {
        TenantId tenant = tenant(ctx);
        EventFilter filter;
        try {
            filter = EventFilter.parse(
                    ctx.queryParam("eventType"),
                    ctx.queryParam("since"),
                    ctx.queryParam("until"),
                    ctx.queryParam("limit"),
                    ctx.queryParam("cursor"),
                    services.clock());
        } catch (InvalidFilterException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        ctx.json(PageJson.of(services.events().search(tenant.value(), filter), EventSummaryJson::of));
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        EventView event = services.events()
                .find(id)
                .orElseThrow(() -> ApiException.notFound("no event with id '"
                        + id
                        + "' in the history (an event appears there once a worker has fanned it out, within a second"
                        + " or two)"));
        ctx.json(EventJson.of(event, services.events().messages(id)));
    }

    /** The path's tenant, checked: a 400 naming {@code tenant} when it is not a tenant id. */
    static TenantId tenant(Context ctx) {
        try {
            return new TenantId(ctx.pathParam("tenant"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tenant", e.getMessage());
        }
    }
}
