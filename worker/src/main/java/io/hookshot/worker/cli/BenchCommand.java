package io.hookshot.worker.cli;

import io.hookshot.worker.bench.Bench;
import io.hookshot.worker.bench.BenchOptions;
import io.hookshot.worker.bench.Scenario;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.WorkerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hookshot bench}: a reproducible benchmark against the configured Redis and Postgres, with a local receiver
 * (or {@code --target}), the real producer and real workers. See docs/performance.md.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark: enqueue with the producer, deliver with real workers to a local"
                    + " receiver, record every attempt in Postgres; print a table and one JSON line per scenario.",
            "Needs HOOKSHOT_REDIS_URL and HOOKSHOT_DATABASE_URL; uses a fresh queue (bench-<epoch>) and removes its keys"
                    + " and rows at the end. Exit 1 when a message did not arrive within --timeout.",
            "Beside rates, latency and the workers' CPU and RSS, each JSON line has workerState (cold: the first scenario"
                    + " of a run with --warmup 0), the CPU seconds of the bench JVM (benchCpuSeconds), of the --receiver-pid"
                    + " process (receiverCpuSeconds), of Redis (redisCpuSeconds, from INFO cpu) and of the visible postgres"
                    + " processes (postgresCpuSeconds), and Redis's commands per message from INFO commandstats"
                    + " (redisCallsPerMessage, redisMicrosPerMessage, redisCommands); -1 where unknown. See docs/performance.md."
        })
final class BenchCommand implements Callable<Integer>, LoggingCommand {
    @Option(
            names = "--scenario",
            split = ",",
            defaultValue = "all",
            description = "burst, failing, paced, delayed, fanout, outage, ratelimit or all (comma-separated or"
                    + " repeated; default all; with --target, all but outage and ratelimit).")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--messages",
            defaultValue = "" + BenchOptions.DEFAULT_MESSAGES,
            description =
                    "Messages of burst and failing, deliveries of fanout and ratelimit (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(
            names = "--warmup",
            defaultValue = "" + BenchOptions.DEFAULT_WARMUP,
            description = "Messages of an unreported burst first, to warm up the JIT (default ${DEFAULT-VALUE}); 0: the"
                    + " first scenario runs on cold workers (workerState cold).")
    int warmup;

    @Option(
            names = "--workers",
            defaultValue = "" + BenchOptions.DEFAULT_WORKERS,
            description = "Worker processes; above 1 they run as 'java -jar hookshot.jar worker' children"
                    + " (default ${DEFAULT-VALUE}: in this JVM).")
    int workers;

    @Option(names = "--processes", description = "Run even one worker as a child process (its own CPU and RSS).")
    boolean processes;

    @Option(
            names = "--worker-jvm-options",
            description = "Options for the java command of worker processes,"
                    + " space-separated, like '-Xmx128m -XX:+UseSerialGC'.")
    String workerJvmOptions = "";

    @Option(
            names = "--concurrency",
            defaultValue = "" + BenchOptions.DEFAULT_CONCURRENCY,
            description = "Deliveries in flight per worker (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--payload-bytes",
            defaultValue = "" + BenchOptions.DEFAULT_PAYLOAD_BYTES,
            description = "JSON payload size (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(
            names = "--batch",
            defaultValue = "" + BenchOptions.DEFAULT_BATCH_SIZE,
            description = "Messages per sendAll call in burst and delayed, events per publishAll call in fanout"
                    + " (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--send-threads",
            defaultValue = "" + BenchOptions.DEFAULT_SEND_THREADS,
            description = "Threads sending one message per call in failing (default ${DEFAULT-VALUE}).")
    int sendThreads;

    @Option(
            names = "--fail-fraction",
            defaultValue = "" + BenchOptions.DEFAULT_FAIL_FRACTION,
            description = "Share of requests answered 503 in failing (default ${DEFAULT-VALUE}).")
    double failFraction;

    @Option(
            names = "--rate",
            defaultValue = "" + BenchOptions.DEFAULT_RATE,
            description = "Messages per second in paced and outage (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--duration",
            defaultValue = "15s",
            converter = DurationConverter.class,
            description = "How long paced sends, and outage after its outage (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--delayed-messages",
            defaultValue = "" + BenchOptions.DEFAULT_DELAYED_MESSAGES,
            description = "Messages of delayed (default ${DEFAULT-VALUE}).")
    int delayedMessages;

    @Option(
            names = "--delay",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "When the first delayed message is due (default ${DEFAULT-VALUE}).")
    Duration delay;

    @Option(
            names = "--spread",
            defaultValue = "4s",
            converter = DurationConverter.class,
            description = "Delayed messages are due evenly over this window; 0s: all at one instant"
                    + " (default ${DEFAULT-VALUE}).")
    Duration spread;

    @Option(
            names = "--receiver-delay",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "The local receiver answers after this long: a slow receiver (default ${DEFAULT-VALUE}).")
    Duration receiverDelay;

    @Option(
            names = "--target",
            description = "POST to this external receiver instead of the local one (the SSRF"
                    + " guard decides; without HOOKSHOT_ALLOWED_NETWORKS only loopback is allowed). Arrival is then checked"
                    + " in the history; latency is not measured.")
    URI target;

    @Option(
            names = "--receiver-pid",
            paramLabel = "PID",
            description = "With --target: the process id of that"
                    + " receiver on this machine; each scenario reports its CPU seconds (receiverCpuSeconds).")
    Long receiverPid;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description = "Longest wait per scenario for every message to arrive and be recorded"
                    + " (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep", description = "Keep the bench's Redis keys and history rows.")
    boolean keep;

    @Option(names = "--attempt-log", description = "Keep the worker's log line per attempt (default: warnings only).")
    boolean attemptLog;

    @Option(
            names = "--send-via",
            defaultValue = BenchOptions.DEFAULT_SEND_VIA,
            paramLabel = "producer|api",
            description =
                    "producer: the Java producer sends; api: one POST /v1/messages per message to an admin API"
                            + " server the bench runs in its own JVM (not with the delayed scenario) (default ${DEFAULT-VALUE}).")
    String sendVia;

    @Option(
            names = "--outage",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long one endpoint of outage answers 503 before it recovers (default ${DEFAULT-VALUE}).")
    Duration outage;

    @Option(
            names = "--rate-limit",
            defaultValue = "" + BenchOptions.DEFAULT_RATE_LIMIT,
            description = "Requests per second the limited endpoint of ratelimit accepts (default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Override
    public Integer call() {
        Map<String, String> env = Environment.load();
        List<String> missing = new ArrayList<>();
        for (String name : List.of(WorkerConfig.REDIS_URL, WorkerConfig.DATABASE_URL)) {
            if (env.getOrDefault(name, "").isBlank()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("hookshot bench: set " + WorkerConfig.REDIS_URL + " and " + WorkerConfig.DATABASE_URL
                    + " (missing: " + String.join(", ", missing) + "). The bench runs against your Redis and"
                    + " PostgreSQL; it uses its own queue and removes what it wrote. A variant with embedded"
                    + " servers comes with the demo artifact.");
            return HookshotCommand.EXIT_USAGE;
        }
        return Bench.run(options(), env, System.out, System.err);
    }

    BenchOptions options() {
        LinkedHashSet<Scenario> chosen = new LinkedHashSet<>();
        for (String name : scenarios) {
            List<Scenario> named = Scenario.parse(name);
            if (target != null && name.strip().equalsIgnoreCase("all")) {
                named = named.stream().filter(s -> !s.needsLocalReceiver()).toList();
            }
            chosen.addAll(named);
        }
        if (target != null && !List.of("http", "https").contains(String.valueOf(target.getScheme()))) {
            throw new IllegalArgumentException("--target must be an absolute http(s) URL, got " + target);
        }
        return BenchOptions.builder()
                .scenarios(List.copyOf(chosen))
                .messages(messages)
                .warmup(warmup)
                .workers(workers)
                .processes(processes)
                .workerJvmOptions(
                        workerJvmOptions.isBlank()
                                ? List.of()
                                : List.of(workerJvmOptions.strip().split("\\s+")))
                .concurrency(concurrency)
                .payloadBytes(payloadBytes)
                .batchSize(batch)
                .sendThreads(sendThreads)
                .failFraction(failFraction)
                .rate(rate)
                .pacedFor(duration)
                .delayedMessages(delayedMessages)
                .delay(delay)
                .spread(spread)
                .receiverDelay(receiverDelay)
                .target(Optional.ofNullable(target))
                .receiverPid(Optional.ofNullable(receiverPid))
                .drainTimeout(timeout)
                .keep(keep)
                .attemptLog(attemptLog)
                .sendVia(sendVia)
                .outage(outage)
                .rateLimit(rateLimit)
                .build();
    }
}
