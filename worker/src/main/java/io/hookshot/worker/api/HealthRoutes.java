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

    /** 200 when every dependency answers, else 503; either way each one's state ("ok", or "down: <error kind>"). */
    Map<String, Object> readiness() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, HealthCheck> c : new java.util.TreeMap<>(checks).entrySet()) {
            try {
                c.getValue().check();
                states.put(c.getKey(), "ok");
            } catch (Exception e) {
                // The kind of error only: messages can quote connection strings.
                states.put(c.getKey(), "down: " + e.getClass().getSimpleName());
                ready = false;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", ready ? "ready" : "unavailable");
        out.put("checks", states);
        return out;
    }

    private void ready(Context ctx) {
        Map<String, Object> readiness = readiness();
        ctx.status("ready".equals(readiness.get("status")) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(readiness);
    }
}
