package io.hookshot.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.worker.config.ConnectionConfig;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.queue.QueueInspector;
import io.hookshot.worker.queue.RedissonClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the queue's invariant checks against a live deployment. Jobs move while it reads, so it checks twice, a
 * moment apart, and reports only what it found both times: stuck jobs, jobs in two states, in-flight counters that
 * drifted from the leases, endpoints left out of the round-robin.
 */
@Command(name = "check", description = "Check the queue's invariants in Redis (exit 1 when something is wrong).")
final class CheckCommand implements Callable<Integer> {
    static final int EXIT_VIOLATIONS = 1;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(
            names = "--pause",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Time between the two passes (default 1s).")
    Duration pause;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = Environment.load();
        ConnectionConfig config = ConnectionConfig.fromEnvironment(env);
        int endpointCap = WorkerConfig.endpointConcurrencyFrom(env);
        RedissonClient redis = RedissonClients.create(config.redisUrl());
        try {
            QueueInspector inspector = new QueueInspector(redis, config.queue(), config.partitions(), endpointCap);
            QueueInspector.Report first = inspector.check();
            TimeUnit.MILLISECONDS.sleep(pause.toMillis());
            QueueInspector.Report second = inspector.check();
            List<String> persistent = new ArrayList<>(second.violations());
            persistent.retainAll(first.violations());
            print(config, second, persistent);
            return persistent.isEmpty() ? 0 : EXIT_VIOLATIONS;
        } finally {
            redis.shutdown();
        }
    }

    private void print(ConnectionConfig config, QueueInspector.Report report, List<String> violations)
            throws Exception {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("queue", config.queue());
            out.put("partitions", config.partitions());
            out.put("ready", report.ready());
            out.put("delayed", report.delayed());
            out.put("active", report.active());
            out.put("deadAwaitingArchive", report.dead());
            out.put("ok", violations.isEmpty());
            out.put("violations", violations);
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return;
        }
        System.out.printf(
                "queue %s, %d partitions: ready %d, delayed %d, active (leased) %d, dead awaiting archive %d%n",
                config.queue(), config.partitions(), report.ready(), report.delayed(), report.active(), report.dead());
        if (violations.isEmpty()) {
            System.out.println("OK: every job is in exactly one state, in-flight counters match the leases,"
                    + " and every endpoint with ready work can be served");
        } else {
            System.out.println(violations.size() + " problem(s) seen in both passes:");
            violations.forEach(v -> System.out.println("  " + v));
        }
    }
}
