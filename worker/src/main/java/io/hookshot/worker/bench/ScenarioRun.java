package io.hookshot.worker.bench;

import io.hookshot.common.RetrySchedule;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import io.hookshot.producer.Message;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.redisson.api.RedissonClient;

/**
 * One scenario on the run's queue and workers, start to end:
 * <ol>
 *   <li>Point the receiver at a fresh {@link ReceiptLog}; note the history's counts so far, the workers' CPU
 *       time and the other processes' ({@link ResourceProbe}), and restart the workers' peak RSS measurement.</li>
 *   <li>Build and register the messages, then send them as the scenario says, with the real producer or
 *       through the admin API.</li>
 *   <li>Wait, at most the drain timeout, until the receiver has answered 200 for every message and the history in
 *       Postgres shows every message delivered with all its attempts (counts above those noted before: the
 *       scenarios of a run follow one another, each finished before the next starts).</li>
 *   <li>Read the CPU times and Redis's figures again: the scenario's costs are the differences.</li>
 * </ol>
 * Not thread-safe; one run at a time.
 */
final class ScenarioRun {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MISSING_SAMPLE = 5;

    /** What every scenario of a run shares. */
    record Context(
            BenchOptions options,
            Optional<BenchReceiver> receiver,
            BenchHistory history,
            String queue,
            BenchWorkers workers,
            MessageSender sender,
            ResourceProbe probe,
            PrintStream progress,
            RedissonClient redis,
            int partitions) {
        /** The same, with {@code other} options (the warm-up's message count). */
        Context with(BenchOptions other) {
            return new Context(other, receiver, history, queue, workers, sender, probe, progress, redis, partitions);
        }
    }

    private final Context ctx;
    private final BenchOptions options;
    private final Scenario scenario;
    private final String workerState;
    private final String queue;
    private final ReceiptLog log;
    private final Optional<WatchedScenario> watched;
    private BenchHistory.Counts countsBefore;
    private long attemptsBefore;

    /**
     * {@code workerState}: {@link BenchReport#COLD} or {@link BenchReport#WARM}, for the report. Not for
     * {@link Scenario#OUTAGE}, which needs workers of its own ({@link OutageRuns}).
     */
    ScenarioRun(Context ctx, Scenario scenario, String workerState) {
        this(
                ctx,
                scenario,
                workerState,
                scenario == Scenario.RATELIMIT ? Optional.of(new RateLimitScenario(ctx.options())) : Optional.empty());
        if (scenario == Scenario.OUTAGE) {
            throw new IllegalArgumentException("the outage scenario runs on workers of its own: see OutageRuns");
        }
    }

    /** A run of {@code scenario} that {@code watched} sends and watches. */
    ScenarioRun(Context ctx, Scenario scenario, String workerState, Optional<WatchedScenario> watched) {
        this.ctx = ctx;
        this.options = ctx.options();
        this.scenario = scenario;
        this.workerState = workerState;
        this.queue = ctx.queue();
        this.watched = watched;
        this.log = watched.map(ReceiptLog::new)
                .orElseGet(() -> scenario == Scenario.FAILING
                        ? new ReceiptLog(options.failFraction(), BenchOptions.FAILING_RETRIES)
                        : new ReceiptLog(0, 0));
    }

    BenchReport run() {
        BenchWorkers workers = ctx.workers();
        ctx.receiver().ifPresent(r -> r.use(log));
        double load = loadAverage();
        ctx.progress().printf("bench: %s ...%n", scenario.label());
        try {
            countsBefore = ctx.history().messages(queue);
            attemptsBefore = ctx.history().attempts(queue);
            workers.resetPeak();
            long cpuBefore = workers.cpuMillis();
            ResourceProbe.Sample resourcesBefore = ctx.probe().sample();
            String url = ctx.receiver()
                    .map(BenchReceiver::url)
                    .or(options::target)
                    .map(URI::toString)
                    .orElseThrow();
            LoadGenerator.Sent sent = send(
                    new LoadGenerator(ctx.sender(), log), new BenchMessages(url, options.payloadBytes(), log), url);
            long deadline = sent.endNanos() + options.drainTimeout().toNanos();
            boolean arrived =
                    ctx.receiver().isEmpty() || awaitUntil(deadline, () -> log.delivered() >= log.expectedCount());
            boolean recorded = awaitUntil(deadline, this::historyComplete);
            long historyDone = System.nanoTime();
            ResourceUsage resources =
                    ResourceUsage.between(resourcesBefore, ctx.probe().sample(), sent.count());
            return report(sent, historyDone, arrived && recorded, workers, cpuBefore, resources, load);
        } finally {
            ctx.receiver().ifPresent(r -> r.use(new ReceiptLog(0, 0)));
        }
    }

    private LoadGenerator.Sent send(LoadGenerator generator, BenchMessages messages, String url) {
        return switch (scenario) {
            case BURST ->
                generator.batched(
                        messages.immediate(options.messages(), null), options.batchSize(), options.sendThreads());
            case FAILING ->
                generator.single(
                        messages.immediate(options.messages(), RetrySchedule.parse(BenchOptions.FAILING_SCHEDULE)),
                        options.sendThreads());
            case PACED -> generator.paced(messages.immediate(pacedCount(), null), options.rate());
            case DELAYED -> {
                List<Message> delayed = messages.dueFrom(
                        Instant.now().plus(options.delay()), options.spread(), options.delayedMessages());
                yield generator.batched(delayed, options.batchSize(), options.sendThreads());
            }
            case FANOUT -> {
                List<MirroredEndpoint> endpoints = BenchEndpoints.seed(
                        ctx.redis(), queue, ctx.partitions(), URI.create(url), BenchEndpoints.NO_LIMIT);
                List<Event> events = messages.events(BenchEndpoints.eventsFor(options.messages()), endpoints);
                yield generator.published(events, endpoints, options.batchSize());
            }
            case OUTAGE, RATELIMIT -> watched.orElseThrow().send(ctx, generator, messages, URI.create(url));
        };
    }

    private int pacedCount() {
        return (int) Math.max(1, options.rate() * options.pacedFor().toMillis() / 1000);
    }

    private boolean historyComplete() {
        BenchHistory.Counts counts = newCounts();
        if (counts.delivered() + counts.dead() < log.expectedCount()) {
            return false;
        }
        return ctx.receiver().isEmpty() || newAttemptRows() >= log.requests();
    }

    /** The history's counts of this scenario's messages: all of the queue's, less those before it started. */
    private BenchHistory.Counts newCounts() {
        BenchHistory.Counts now = ctx.history().messages(queue);
        return new BenchHistory.Counts(now.delivered() - countsBefore.delivered(), now.dead() - countsBefore.dead());
    }

    private long newAttemptRows() {
        return ctx.history().attempts(queue) - attemptsBefore;
    }

    private BenchReport report(
            LoadGenerator.Sent sent,
            long historyDone,
            boolean ok,
            BenchWorkers workers,
            long cpuBefore,
            ResourceUsage resources,
            double load) {
        long cpuMs = workers.cpuMillis() - cpuBefore;
        long rss = workers.peakRssMiB();
        BenchHistory.Counts counts = newCounts();
        long attemptRows = newAttemptRows();
        boolean local = ctx.receiver().isPresent();
        long lastDelivery = local ? log.lastDeliveryNanos() : historyDone;
        double window = Math.max(1, lastDelivery - sent.startNanos()) / 1e9;
        double historyWindow = Math.max(1, historyDone - sent.startNanos()) / 1e9;
        long delivered = local ? log.delivered() : counts.delivered();
        long attempts = local ? log.requests() : attemptRows;
        boolean allDelivered = ok && delivered == sent.count() && counts.delivered() == sent.count();
        Optional<ScenarioFigures> figures = watched.map(w -> w.figures(counts));
        boolean figuresHold = figures.flatMap(ScenarioFigures::failure).isEmpty();
        double steady = local ? steadyRate(sent.startNanos()) : -1;
        return new BenchReport(
                scenario.label(),
                queue,
                sent.count(),
                options.workers(),
                options.concurrency(),
                workerState,
                sent.mode(),
                sent.perSecond(),
                delivered / window,
                steady,
                attempts / window,
                attemptRows / historyWindow,
                delivered,
                attempts,
                counts.delivered(),
                counts.dead(),
                attemptRows,
                log.duplicates(),
                log.latency(),
                log.lateness(),
                cpuMs / 1000.0,
                rss,
                workers.inThisProcess() ? "bench JVM (worker, receiver and producer)" : "worker processes",
                resources,
                load,
                historyWindow,
                allDelivered && figuresHold,
                allDelivered ? List.of() : log.missing(MISSING_SAMPLE),
                figures);
    }

    /** First 200s per second until every message had had its first request (see {@link BenchReport}). */
    private double steadyRate(long startNanos) {
        long lastFirst = log.lastFirstAttemptNanos();
        double seconds = Math.max(1, lastFirst - startNanos) / 1e9;
        return log.deliveredBy(lastFirst) / seconds;
    }

    private static boolean awaitUntil(long deadlineNanos, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
