package io.hookshot.worker.api;

import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.worker.api.EventViews.StatsJson;
import io.hookshot.worker.queue.EndpointHealthReader.EndpointHealth;
import io.hookshot.worker.store.EndpointActivity;
import io.hookshot.worker.store.HistoryUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.redisson.client.RedisException;

/**
 * How one registered endpoint is doing: {@code GET .../health}, its state in Redis as {@code /v1/origins/health}
 * shows an origin's (or {@code disabled}), with its last hour's figures from the history; and {@code GET .../series},
 * its last hour minute by minute: attempts delivered and failed (history) and messages held (the workers' samples in
 * Redis). Each finds the endpoint in the registry's Redis mirror first (404 when the tenant has none such). While
 * PostgreSQL cannot be read they answer with the Redis part: the history's fields are null and
 * {@code historyUnavailable} says why. Thread-safe.
 */
final class EndpointMonitorRoutes {
    private static final String PATH = "/v1/tenants/{tenant}/endpoints/{id}";
    /** The minutes of a series: the current one and the 59 before it. */
    static final int SERIES_MINUTES = 60;
    /** How far back {@code lastDeliveredAt} looks. */
    static final Duration LAST_DELIVERY_WINDOW = Duration.ofDays(1);

    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    private static final EndpointActivity.Minute NO_ATTEMPTS = new EndpointActivity.Minute(0, 0);

    private final ApiServices services;

    EndpointMonitorRoutes(ApiServices services) {
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get(PATH + "/health", this::health);
        routes.get(PATH + "/series", this::series);
    }

    private void health(Context ctx) {
        MirroredEndpoint endpoint = EndpointActionRoutes.endpoint(services, ctx);
        Instant now = services.clock().instant();
        String tenant = endpoint.tenant().value();
        String id = endpoint.id().value();
        EndpointHealth health;
        try {
            health = services.endpointHealth().readOne(id, now);
        } catch (RedisException e) {
            throw ApiException.unavailable("Redis is unreachable; the endpoint's health cannot be read");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpointId", id);
        out.put("tenant", tenant);
        out.put("url", endpoint.url().toString());
        out.put("disabled", endpoint.disabled());
        Map<String, Object> state = EndpointHealthRoutes.json(health);
        state.remove("endpoint");
        out.putAll(state);
        if (endpoint.disabled()) {
            out.put("state", "disabled");
        }
        try {
            out.put("lastHour", StatsJson.of(services.events().stats(tenant, id, now.minus(Duration.ofHours(1)))));
            out.put(
                    "lastDeliveredAt",
                    Views.text(services.activity()
                            .lastDelivered(tenant, id, now.minus(LAST_DELIVERY_WINDOW))
                            .orElse(null)));
            out.put("historyUnavailable", null);
        } catch (RuntimeException e) {
            out.put("lastHour", null);
            out.put("lastDeliveredAt", null);
            out.put("historyUnavailable", unavailable(e));
        }
        ctx.json(out);
    }

    private void series(Context ctx) {
        MirroredEndpoint endpoint = EndpointActionRoutes.endpoint(services, ctx);
        String tenant = endpoint.tenant().value();
        String id = endpoint.id().value();
        long last = services.clock().millis() / MINUTE_MS;
        long first = last - (SERIES_MINUTES - 1);
        SortedMap<Long, Long> held;
        try {
            held = services.held().read(id, first, last);
        } catch (RedisException e) {
            throw ApiException.unavailable("Redis is unreachable; the endpoint's series cannot be read");
        }
        SortedMap<Instant, EndpointActivity.Minute> attempts = null;
        String unavailable = null;
        try {
            attempts = services.activity().perMinute(tenant, id, minute(first), minute(last + 1));
        } catch (RuntimeException e) {
            unavailable = unavailable(e);
        }
        List<Map<String, Object>> minutes = new ArrayList<>(SERIES_MINUTES);
        for (long m = first; m <= last; m++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", minute(m).toString());
            EndpointActivity.Minute a = attempts == null ? null : attempts.getOrDefault(minute(m), NO_ATTEMPTS);
            row.put("delivered", a == null ? null : a.delivered());
            row.put("failed", a == null ? null : a.failed());
            row.put("held", held.getOrDefault(m, 0L));
            minutes.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpointId", id);
        out.put("tenant", tenant);
        out.put("from", minute(first).toString());
        out.put("until", minute(last + 1).toString());
        out.put("stepSeconds", MINUTE_MS / 1000);
        out.put("minutes", minutes);
        out.put("historyUnavailable", unavailable);
        ctx.json(out);
    }

    private static Instant minute(long epochMinute) {
        return Instant.ofEpochMilli(epochMinute * MINUTE_MS);
    }

    /** Why the history could not be read, when PostgreSQL is away; any other failure is thrown on. */
    private static String unavailable(RuntimeException e) {
        return HistoryUnavailableException.of(e).orElseThrow(() -> e).getMessage();
    }
}
