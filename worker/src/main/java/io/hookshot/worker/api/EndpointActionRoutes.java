package io.hookshot.worker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.api.EventViews.StatsJson;
import io.hookshot.worker.fanout.EndpointTestSend;
import io.hookshot.worker.replay.BulkReplay;
import io.hookshot.worker.replay.EndpointRecovery;
import io.hookshot.worker.store.InvalidFilterException;
import io.hookshot.worker.store.SearchFilter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.redisson.client.RedisException;

/**
 * The routes about one registered endpoint: {@code test} (an example event to it alone), {@code recover} (replay its
 * dead letters since a time) and {@code stats} (its last hour and day). Each finds the endpoint in the registry's
 * Redis mirror first (404 when the tenant has no such endpoint), so they need no registry code nor PostgreSQL for that.
 * Thread-safe.
 */
final class EndpointActionRoutes {
    private static final String PATH = "/v1/tenants/{tenant}/endpoints/{id}";
    /** The most dead letters one recover call replays unless {@code max} says otherwise. */
    static final int DEFAULT_RECOVER_MAX = 1000;

    private final ApiServices services;
    private final ObjectMapper json;

    EndpointActionRoutes(ApiServices services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.post(PATH + "/test", this::test);
        routes.post(PATH + "/recover", this::recover);
        routes.get(PATH + "/stats", this::stats);
    }

    /** 202 {@code {eventId, messageId, endpointId, eventType}}; 409 for a disabled endpoint. */
    private void test(Context ctx) {
        MirroredEndpoint endpoint = endpoint(ctx);
        String type = JsonBody.parse(json, ctx.body(), false).requiredText("eventType");
        EventTypeName name;
        try {
            name = new EventTypeName(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("eventType", e.getMessage());
        }
        if (endpoint.disabled()) {
            throw ApiException.conflict("endpoint " + endpoint.id() + " is disabled: enable it to send it a test");
        }
        EndpointTestSend.Sent sent;
        try {
            sent = services.testSend().send(endpoint, name);
        } catch (RedisException e) {
            throw ApiException.unavailable("Redis is unreachable; nothing was sent");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", sent.eventId().value());
        out.put("messageId", sent.messageId().value());
        out.put("endpointId", endpoint.id().value());
        out.put("eventType", name.value());
        ctx.status(HttpStatus.ACCEPTED).json(out);
    }

    /** Replays the endpoint's dead letters that died since {@code since} (required), paced like a replay by filter. */
    private void recover(Context ctx) {
        MirroredEndpoint endpoint = endpoint(ctx);
        Instant since = since(ctx);
        int rate = Filters.number(ctx, "rate", services.replayRate(), 1, services.replayRate());
        int max = Filters.number(ctx, "max", DEFAULT_RECOVER_MAX, 1, BulkReplay.MAX_PER_CALL);
        EndpointRecovery.Report report = services.recovery()
                .recover(endpoint.tenant().value(), endpoint.id().value(), since, rate, max);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpointId", endpoint.id().value());
        out.put("since", since.toString());
        Views.putReplayed(out, report.replayed(), report.refused());
        out.put("more", report.more());
        out.put("ratePerSecond", rate);
        ctx.json(out);
    }

    private void stats(Context ctx) {
        MirroredEndpoint endpoint = endpoint(ctx);
        Instant now = services.clock().instant();
        String tenant = endpoint.tenant().value();
        String id = endpoint.id().value();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpointId", id);
        out.put("tenant", tenant);
        out.put("lastHour", StatsJson.of(services.events().stats(tenant, id, now.minus(Duration.ofHours(1)))));
        out.put("lastDay", StatsJson.of(services.events().stats(tenant, id, now.minus(Duration.ofDays(1)))));
        ctx.json(out);
    }

    private MirroredEndpoint endpoint(Context ctx) {
        return endpoint(services, ctx);
    }

    /** The path's endpoint, from the registry's Redis mirror: 404 when the tenant has none such, 503 without Redis. */
    static MirroredEndpoint endpoint(ApiServices services, Context ctx) {
        TenantId tenant = EventRoutes.tenant(ctx);
        String id = ctx.pathParam("id");
        try {
            return services.endpoints()
                    .find(tenant, id)
                    .orElseThrow(() -> ApiException.notFound(
                            "tenant '" + tenant + "' has no endpoint '" + id + "' (in the registry's Redis mirror)"));
        } catch (RedisException e) {
            throw ApiException.unavailable("Redis is unreachable; the endpoint cannot be looked up");
        }
    }

    private Instant since(Context ctx) {
        String since = ctx.queryParam("since");
        if (since == null || since.isBlank()) {
            throw ApiException.badRequest(
                    "since",
                    "since is required: an ISO-8601 instant like"
                            + " 2026-11-28T10:00:00Z, or a duration back from now like 1h");
        }
        try {
            return SearchFilter.parse(null, null, since, null, null, null, services.clock())
                    .since()
                    .orElseThrow();
        } catch (InvalidFilterException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
    }
}
