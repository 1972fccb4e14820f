package io.hookshot.worker.cli;

import io.hookshot.worker.api.StatsRoutes;
import io.hookshot.worker.stats.HistoryPart;
import io.hookshot.worker.stats.QueueStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The queue per partition, recent outcomes and the dead letters archived (GET /v1/stats). */
@Command(
        name = "stats",
        description = "Show the queue per partition: ready, delayed, in flight, dead awaiting"
                + " archive, oldest ready age, outbox lag; dead letters archived; deliveries and failures in the last minute"
                + " and hour. Without PostgreSQL, the Redis part only.")
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON (as GET /v1/stats) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        try (AdminContext admin = AdminContext.open()) {
            QueueStats.Snapshot s = admin.services.stats().snapshot();
            if (json) {
                Output.json(StatsRoutes.json(s));
                return 0;
            }
            printSummary(s);
            printPartitions(s);
            return 0;
        }
    }

    private static void printSummary(QueueStats.Snapshot s) {
        String archived = s.history() instanceof HistoryPart.Read read
                ? Long.toString(read.deadLettersArchived())
                : "unavailable";
        System.out.printf(
                "queue %s: ready %d, delayed %d, in flight %d, dead awaiting archive %d, dead letters"
                        + " archived %s%n",
                s.queue(),
                s.total(QueueStats.Partition::ready),
                s.total(QueueStats.Partition::delayed),
                s.total(QueueStats.Partition::inFlight),
                s.total(QueueStats.Partition::deadAwaitingArchive),
                archived);
        switch (s.history()) {
            case HistoryPart.Read read -> {
                QueueStats.Recent r = read.recent();
                System.out.printf(
                        "last minute: %d delivered, %d failed; last hour: %d delivered, %d failed%n",
                        r.deliveredLastMinute(), r.failedLastMinute(), r.deliveredLastHour(), r.failedLastHour());
            }
            case HistoryPart.Unavailable unavailable -> System.out.println(unavailable.reason());
        }
    }

    private static void printPartitions(QueueStats.Snapshot s) {
        System.out.printf(
                "%-9s %8s %8s %9s %5s %12s %8s %12s%n",
                "partition", "ready", "delayed", "inflight", "dead", "oldest-ready", "outbox", "outbox-lag");
        for (QueueStats.Partition p : s.partitions()) {
            System.out.printf(
                    "%-9d %8d %8d %9d %5d %12s %8d %12s%n",
                    p.partition(),
                    p.ready(),
                    p.delayed(),
                    p.inFlight(),
                    p.deadAwaitingArchive(),
                    age(p.oldestReadyAge()),
                    p.outboxLength(),
                    age(p.outboxLag()));
        }
    }

    private static String age(Optional<Duration> d) {
        return d.map(x -> x.toMillis() + "ms").orElse("-");
    }
}
