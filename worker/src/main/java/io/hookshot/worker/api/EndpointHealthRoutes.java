package io.hookshot.worker.api;

import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.EndpointHealthReader.EndpointHealth;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/origins/health}: the breaker, pause, concurrency limit and rate limit of every origin (the endpoint
 * of messages sent to a URL) that has any, from Redis. Thread-safe.
 */
final class EndpointHealthRoutes {
    private static final String ORIGIN_MARK = "://";

    private final EndpointHealthReader reader;
    private final Clock clock;

    EndpointHealthRoutes(EndpointHealthReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get(
                "/v1/origins/health",
                ctx -> ctx.json(Map.of("items", json(reader.read(ep -> ep.contains(ORIGIN_MARK), clock.instant())))));
    }

    /** The API's view of each endpoint's health. */
    static List<Map<String, Object>> json(List<EndpointHealth> endpoints) {
        return endpoints.stream().map(h -> json(h)).toList();
    }

    /** The API's view of one endpoint's health. */
    static Map<String, Object> json(EndpointHealth h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", h.endpoint());
        out.put("state", h.state());
        out.put("openedAt", h.openedAt().map(Object::toString).orElse(null));
        out.put("consecutiveFailures", h.consecutiveFailures());
        out.put("concurrencyLimit", h.concurrencyLimit().orElse(null));
        out.put("inFlight", h.inFlight());
        out.put("held", h.held());
        out.put("pausedUntil", h.pausedUntil().map(Object::toString).orElse(null));
        out.put("rateLimit", h.rateLimit().orElse(null));
        return out;
    }
}
