package io.hookshot.worker.api;

import io.hookshot.worker.api.EventViews.StatsJson;
import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.EndpointHealthReader.EndpointHealth;
import io.hookshot.worker.queue.OriginStats;
import io.hookshot.worker.store.EndpointStats;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /v1/origins/health}: every origin (the endpoint of messages sent to a URL) with a breaker, a pause, a
 * lowered concurrency limit, a rate limit or jobs in flight, or attempts in the last hour: its state from Redis and its
 * last hour's figures ({@code lastHour}: attempts, success rate, latency percentiles, the latest failure) as the
 * workers count them in Redis ({@link OriginStats}), so it answers while PostgreSQL is away. Thread-safe.
 */
final class EndpointHealthRoutes {
    private static final String ORIGIN_MARK = "://";
    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();

    private final EndpointHealthReader reader;
    private final OriginStats stats;
    private final Clock clock;

    EndpointHealthRoutes(EndpointHealthReader reader, OriginStats stats, Clock clock) {
        this.reader = reader;
        this.stats = stats;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/origins/health", ctx -> ctx.json(Map.of("items", origins(clock.instant()))));
    }

    private List<Map<String, Object>> origins(Instant now) {
        long nowMinute = now.toEpochMilli() / MINUTE_MS;
        Instant since = Instant.ofEpochMilli((nowMinute - (OriginStats.WINDOW_MINUTES - 1)) * MINUTE_MS);
        Map<String, EndpointHealth> byOrigin = new TreeMap<>();
        reader.read(ep -> ep.contains(ORIGIN_MARK), now).forEach(h -> byOrigin.put(h.endpoint(), h));
        for (String origin : stats.origins(nowMinute - (OriginStats.WINDOW_MINUTES - 1))) {
            byOrigin.computeIfAbsent(origin, EndpointHealthRoutes::closed);
        }
        Map<String, OriginStats.Summary> lastHour = stats.lastHour(byOrigin.keySet(), nowMinute);
        List<Map<String, Object>> items = new ArrayList<>(byOrigin.size());
        byOrigin.forEach((origin, h) -> {
            Map<String, Object> item = json(h);
            OriginStats.Summary s = lastHour.get(origin);
            item.put("lastHour", s == null ? null : StatsJson.of(endpointStats(since, s)));
            items.add(item);
        });
        return items;
    }

    /** The health of an origin with nothing in Redis's health hash: closed, nothing held or in flight. */
    private static EndpointHealth closed(String origin) {
        return new EndpointHealth(
                origin, "closed", Optional.empty(), 0, Optional.empty(), 0, 0, Optional.empty(), Optional.empty());
    }

    /** An origin's figures as a registered endpoint's come from the history, so that both read alike. */
    private static EndpointStats endpointStats(Instant since, OriginStats.Summary s) {
        OriginStats.Failure f = s.lastError();
        return new EndpointStats(
                since,
                s.attempts(),
                s.delivered(),
                s.attempts() == 0 ? null : (double) s.delivered() / s.attempts(),
                s.latencyP50(),
                s.latencyP99(),
                f == null
                        ? null
                        : new EndpointStats.LastError(
                                Instant.ofEpochMilli(f.at()),
                                f.messageId(),
                                f.statusCode(),
                                f.errorClass(),
                                f.message()));
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
