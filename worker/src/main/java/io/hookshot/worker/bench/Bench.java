package io.hookshot.worker.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.logging.ConsoleLogging;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;
import org.slf4j.LoggerFactory;

/**
 * {@code hookshot bench}: runs the chosen scenarios one after another against the configured Redis and Postgres,
 * on a queue of its own ({@code bench-<epoch>}) with the same workers throughout (after a warm-up burst), and
 * prints one JSON line per scenario as it ends (two for {@code outage}: with the breaker and without, see
 * {@link OutageRuns}), then a table, and one of their own for the scenarios with figures of their own. Returns
 * {@link #EXIT_OK}, or {@link #EXIT_LOST} when any message did not arrive (or was not recorded) in time, or a
 * scenario's own figures did not hold (a message dead in {@code outage}, the limit exceeded in {@code ratelimit}).
 */
public final class Bench {
    public static final int EXIT_OK = 0;
    public static final int EXIT_LOST = 1;
    private static final String LOOPBACK = "127.0.0.0/8,::1/128";
    private static final String LOCAL_RECEIVER_NETWORK = "127.0.0.1/32";

    private Bench() {}

    /** {@code env}: the variables the other commands read (process environment over {@code .env}). */
    public static int run(BenchOptions options, Map<String, String> env, PrintStream out, PrintStream progress) {
        String queue = "bench-" + System.currentTimeMillis() / 1000;
        Map<String, String> workerEnv = workerEnvironment(options, env, queue);
        WorkerConfig config = WorkerConfig.fromEnvironment(workerEnv);
        if (!options.attemptLog()) {
            ((Logger) LoggerFactory.getLogger(Worker.ATTEMPT_LOGGER)).setLevel(Level.WARN);
        }
        List<BenchReport> reports = new ArrayList<>();
        try (Database database = Database.connect(config.database());
                BenchReceiverHolder receiver = new BenchReceiverHolder(options)) {
            database.migrate();
            RedissonClient redis = RedissonClients.create(config.redisUrl());
            BenchHistory history = new BenchHistory(database);
            ResourceProbe probe = new ResourceProbe(redis, options.receiverPid());
            try (BenchWorkers workers = startWorkers(options, workerEnv, progress);
                    HookshotProducer producer = HookshotProducer.create(ProducerConfig.fromEnvironment(workerEnv));
                    BenchApi api = BenchApi.startIfUsed(options, workerEnv)) {
                MessageSender sender = api.sender().orElseGet(() -> MessageSender.of(producer));
                progress.printf(
                        "bench: queue %s, receiver %s, sending %s%n",
                        queue,
                        receiver.get()
                                .map(r -> r.url().toString())
                                .orElseGet(() -> options.target().orElseThrow() + " (external"
                                        + options.receiverPid()
                                                .map(pid -> ", pid " + pid)
                                                .orElse("") + ")"),
                        api.port()
                                .map(port -> "with POST /v1/messages to the API on port " + port)
                                .orElse("with the producer"));
                ScenarioRun.Context ctx = new ScenarioRun.Context(
                        options,
                        receiver.get(),
                        history,
                        queue,
                        workers,
                        sender,
                        probe,
                        progress,
                        redis,
                        config.partitions());
                if (options.warmup() > 0) {
                    progress.printf("bench: warm-up, %d messages (not reported) ...%n", options.warmup());
                    ScenarioRun.Context warmup = ctx.with(options.withMessages(options.warmup()));
                    new ScenarioRun(warmup, Scenario.BURST, BenchReport.COLD).run();
                    if (options.scenarios().stream().anyMatch(Scenario::publishes)) {
                        // Fan-out has hot paths of its own (publish, the fan-out loop): compiled before it is measured.
                        new ScenarioRun(warmup, Scenario.FANOUT, BenchReport.COLD).run();
                    }
                }
                for (Scenario scenario : options.scenarios()) {
                    String state = options.workerState(reports.isEmpty());
                    List<BenchReport> done = scenario == Scenario.OUTAGE
                            ? OutageRuns.run(ctx, workerEnv, e -> startWorkers(options, e, progress), state)
                            : List.of(new ScenarioRun(ctx, scenario, state).run());
                    for (BenchReport report : done) {
                        out.println(report.toJson());
                        out.flush();
                        reports.add(report);
                    }
                }
            } finally {
                if (!options.keep()) {
                    BenchKeys.delete(redis, queue);
                    history.delete(queue);
                }
                redis.shutdown();
            }
        }
        printTable(out, reports);
        boolean allOk = reports.stream().allMatch(BenchReport::ok);
        return allOk ? EXIT_OK : EXIT_LOST;
    }

    private static BenchWorkers startWorkers(BenchOptions options, Map<String, String> env, PrintStream progress) {
        if (!options.childProcesses()) {
            return BenchWorkers.inProcess(env);
        }
        Path logs = logDirectory();
        progress.printf("bench: starting %d worker processes, logs in %s%n", options.workers(), logs);
        List<String> jvmOptions = new ArrayList<>(options.workerJvmOptions());
        if (!options.attemptLog()) {
            jvmOptions.add("-D" + ConsoleLogging.ATTEMPT_LOG_PROPERTY + "=WARN");
        }
        return BenchWorkers.processes(options.workers(), env, jvmOptions, logs);
    }

    /**
     * The workers' environment: the user's, with the bench's concurrency, no per-endpoint cap below it, no repair of
     * the registry's mirror (the fanout scenario writes its tenant's mirror itself, which a repair from PostgreSQL
     * would delete mid-run), and the SSRF guard opened to the local receiver (or, for {@code --target}, to loopback only when the user set no
     * allowed networks: the guard still decides).
     */
    static Map<String, String> workerEnvironment(BenchOptions options, Map<String, String> env, String queue) {
        Map<String, String> out = new HashMap<>(env);
        out.put(WorkerConfig.QUEUE, queue);
        out.put(WorkerConfig.CONCURRENCY, Integer.toString(options.concurrency()));
        out.putIfAbsent(WorkerConfig.ENDPOINT_CONCURRENCY, Integer.toString(options.concurrency() * options.workers()));
        out.putIfAbsent(WorkerConfig.WORKER_ID, "bench-worker");
        out.put(RegistryConfig.MIRROR_REPAIR_INTERVAL, "0");
        String allowed = env.getOrDefault(WorkerConfig.ALLOWED_NETWORKS, "").strip();
        if (options.target().isEmpty()) {
            out.put(
                    WorkerConfig.ALLOWED_NETWORKS,
                    allowed.isEmpty() ? LOCAL_RECEIVER_NETWORK : allowed + "," + LOCAL_RECEIVER_NETWORK);
        } else if (allowed.isEmpty()) {
            out.put(WorkerConfig.ALLOWED_NETWORKS, LOOPBACK);
        }
        return out;
    }

    private static Path logDirectory() {
        try {
            return Files.createTempDirectory("hookshot-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the worker logs", e);
        }
    }

    private static void printTable(PrintStream out, List<BenchReport> reports) {
        out.println();
        out.println(BenchReport.tableHeader());
        reports.forEach(r -> out.println(r.tableRow()));
        Map<String, List<String>> figureTables = new LinkedHashMap<>();
        for (BenchReport r : reports) {
            r.figures()
                    .ifPresent(f -> figureTables
                            .computeIfAbsent(f.tableHeader(), h -> new ArrayList<>())
                            .add(f.tableRow()));
        }
        figureTables.forEach((header, rows) -> {
            out.println();
            out.println(header);
            rows.forEach(out::println);
        });
        boolean lost = false;
        for (BenchReport r : reports) {
            if (Math.min(r.delivered(), r.historyDelivered()) < r.messages()) {
                lost = true;
                out.printf(
                        "%s: %d of %d messages arrived, %d recorded delivered; missing, for example: %s%n",
                        r.scenario(), r.delivered(), r.messages(), r.historyDelivered(), r.missingSample());
            }
            r.figures().flatMap(ScenarioFigures::failure).ifPresent(f -> out.println(r.scenario() + ": FAILED: " + f));
        }
        out.println(
                reports.stream().allMatch(BenchReport::ok)
                        ? "every message of every scenario arrived and is recorded in the history"
                        : lost
                                ? "FAILED: messages were lost or not recorded within the drain timeout"
                                : "FAILED: a scenario's own figures did not hold (above)");
        out.flush();
    }

    /** The local receiver, or none with {@code --target}. */
    private static final class BenchReceiverHolder implements AutoCloseable {
        private final Optional<BenchReceiver> receiver;

        BenchReceiverHolder(BenchOptions options) {
            this.receiver = options.target().isPresent()
                    ? Optional.empty()
                    : Optional.of(new BenchReceiver(options.receiverDelay()));
        }

        Optional<BenchReceiver> get() {
            return receiver;
        }

        @Override
        public void close() {
            receiver.ifPresent(BenchReceiver::close);
        }
    }
}
