package io.hookshot.worker.api;

import io.hookshot.worker.stats.HistoryPart;
import io.hookshot.worker.stats.QueueStats;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/stats}: the queue per partition, totals, recent outcomes and the dead letters archived. While Postgres
 * cannot be read it answers with the Redis part: {@code recent} and {@code deadLettersArchived} are null and
 * {@code historyUnavailable} says why (it is null otherwise). Thread-safe.
 */
public final class StatsRoutes {
    private final QueueStats stats;

    StatsRoutes(QueueStats stats) {
        this.stats = stats;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/stats", ctx -> ctx.json(json(stats.snapshot())));
    }

    /** The snapshot as the API and {@code hookshot stats --json} show it. */
    public static Map<String, Object> json(QueueStats.Snapshot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", s.queue());
        out.put("ready", s.total(QueueStats.Partition::ready));
        out.put("delayed", s.total(QueueStats.Partition::delayed));
        out.put("inFlight", s.total(QueueStats.Partition::inFlight));
        out.put("deadAwaitingArchive", s.total(QueueStats.Partition::deadAwaitingArchive));
        out.put("outboxLength", s.total(QueueStats.Partition::outboxLength));
        out.put("eventsPending", s.total(QueueStats.Partition::eventsPending));
        switch (s.history()) {
            case HistoryPart.Read read -> {
                out.put("deadLettersArchived", read.deadLettersArchived());
                out.put("recent", read.recent());
                out.put("historyUnavailable", null);
            }
            case HistoryPart.Unavailable unavailable -> {
                out.put("deadLettersArchived", null);
                out.put("recent", null);
                out.put("historyUnavailable", unavailable.reason());
            }
        }
        out.put(
                "partitions",
                s.partitions().stream()
                        .map(p -> {
                            Map<String, Object> part = new LinkedHashMap<>();
                            part.put("partition", p.partition());
                            part.put("ready", p.ready());
                            part.put("delayed", p.delayed());
                            part.put("inFlight", p.inFlight());
                            part.put("deadAwaitingArchive", p.deadAwaitingArchive());
                            part.put("oldestReadyAgeMs", millis(p.oldestReadyAge()));
                            part.put("outboxLength", p.outboxLength());
                            part.put("outboxLagMs", millis(p.outboxLag()));
                            part.put("eventsPending", p.eventsPending());
                            return part;
                        })
                        .toList());
        return out;
    }

    private static Long millis(Optional<Duration> d) {
        return d.map(Duration::toMillis).orElse(null);
    }
}
