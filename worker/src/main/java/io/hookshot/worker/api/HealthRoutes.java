package io.hookshot.worker.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}, served without a token by every process, worker
 * and server alike, for probes and scrapers. Thread-safe.
 */
final class HealthRoutes {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String METRICS = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String READY_STATUS = "ready";
    private static final String DEGRADED_STATUS = "degraded";
    private static final String UNAVAILABLE_STATUS = "unavailable";

    private final Map<String, HealthCheck> checks;
    private final PrometheusMeterRegistry registry;

    HealthRoutes(Map<String, HealthCheck> checks, PrometheusMeterRegistry registry) {
        this.checks = Map.copyOf(checks);
        this.registry = registry;
    }

    void register(RoutesConfig routes) {
        routes.get(LIVE, ctx -> ctx.json(Map.of("status", "live")));
        routes.get(READY, this::ready);
        routes.get(METRICS, ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
    }

    /**
     * Each dependency's state ("ok", or "down: <error kind>") and the whole: "ready" when every one answers,
     * "degraded" when only dependencies that are not {@linkplain HealthCheck#required() required} fail (the process
     * still does its work), else "unavailable".
     */
    Map<String, Object> readiness() {
        Map<String, String> states = new LinkedHashMap<>();
        String status = READY_STATUS;
        for (Map.Entry<String, HealthCheck> c : new java.util.TreeMap<>(checks).entrySet()) {
            try {
                c.getValue().check();
                states.put(c.getKey(), "ok");
            } catch (Exception e) {
                // The kind of error only: messages can quote connection strings.
                states.put(c.getKey(), "down: " + e.getClass().getSimpleName());
                if (c.getValue().required()) {
                    status = UNAVAILABLE_STATUS;
                } else if (status.equals(READY_STATUS)) {
                    status = DEGRADED_STATUS;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("checks", states);
        return out;
    }

    /** Whether a {@link #readiness()} lets the process take traffic: ready or degraded. */
    static boolean serving(Map<String, Object> readiness) {
        return !UNAVAILABLE_STATUS.equals(readiness.get("status"));
    }

    private void ready(Context ctx) {
        Map<String, Object> readiness = readiness();
        ctx.status(serving(readiness) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(readiness);
    }
}
