package io.hookshot.worker.api;

import io.hookshot.worker.stats.QueueStats;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /v1/stats}: the queue per partition, totals, and recent outcomes. Thread-safe. */
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
        out.put("recent", s.recent());
        out.put("partitions", s.partitions().stream().map(p -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("partition", p.partition());
            part.put("ready", p.ready());
            part.put("delayed", p.delayed());
            part.put("inFlight", p.inFlight());
            part.put("deadAwaitingArchive", p.deadAwaitingArchive());
            part.put("oldestReadyAgeMs", millis(p.oldestReadyAge()));
            part.put("outboxLength", p.outboxLength());
            part.put("outboxLagMs", millis(p.outboxLag()));
            return part;
        }).toList());
        return out;
    }

    private static Long millis(Optional<Duration> d) {
        return d.map(Duration::toMillis).orElse(null);
    }
}
