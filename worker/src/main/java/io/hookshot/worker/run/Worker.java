package io.hookshot.worker.run;

import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.fanout.FanOut;
import io.hookshot.worker.fanout.FanOutSettings;
import io.hookshot.worker.http.HttpDispatcher;
import io.hookshot.worker.metrics.JvmMeters;
import io.hookshot.worker.metrics.QueueGauges;
import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.queue.ClaimedJob;
import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.HeldSeries;
import io.hookshot.worker.queue.Lease;
import io.hookshot.worker.queue.OriginRateLimits;
import io.hookshot.worker.queue.OriginStats;
import io.hookshot.worker.queue.QueueDepths;
import io.hookshot.worker.queue.QueueSettings;
import io.hookshot.worker.queue.RedisJobQueue;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.queue.Settlement;
import io.hookshot.worker.registry.MirrorRepairSchedule;
import io.hookshot.worker.registry.Registry;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.ExporterSettings;
import io.hookshot.worker.store.HistorySchema;
import io.hookshot.worker.store.HistoryStore;
import io.hookshot.worker.store.OutboxExporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's delivery machinery, wired from a {@link WorkerConfig}: a fetcher claiming jobs, a virtual
 * thread per delivery (at most the concurrency at once), an acker settling outcomes in batches, a lease renewer, a
 * reaper, the fan-out turning published events into messages ({@link FanOut}), the outbox exporter writing the
 * history to Postgres, a sampler of the messages each endpoint holds ({@link HeldSampler}) and the URL origins'
 * figures ({@link OriginTally}). Its meters ({@link WorkerMetrics}, {@link QueueGauges}, {@link JvmMeters}) go to the
 * registry it is started with.
 *
 * <p>It needs Redis to start, not PostgreSQL: the exporter brings the history schema up to date before its first
 * pass and retries while PostgreSQL is unreachable; meanwhile the history waits in Redis's outbox streams. It also
 * repairs the event registry's Redis mirror from PostgreSQL, at start and then periodically
 * ({@link MirrorRepairSchedule}), without waiting for it, and runs the endpoint upkeep: the auto-disable of failing
 * endpoints and the operational webhooks ({@link EndpointUpkeep}).
 *
 * <p>Shutdown ({@link #close()}, also on SIGTERM): stop fanning out (a batch in progress finishes); stop claiming; let deliveries in flight finish within the grace
 * period; send their outcomes; give back (release) the leases of those still running; export the outbox to the
 * history in what is left of the grace period (at least {@link #MIN_FINAL_EXPORT}); stop the rest.
 */
public final class Worker implements AutoCloseable {
    /** The least time a stopping worker gives its final export, even when deliveries took the whole grace period. */
    static final Duration MIN_FINAL_EXPORT = Duration.ofSeconds(1);
    /** The logger of the one line per delivery attempt, for tools that quiet it. */
    public static final String ATTEMPT_LOGGER = Delivery.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerConfig config;
    private final RedissonClient redis;
    private final Database database;
    private final HttpDispatcher http;
    private final RedisJobQueue queue;
    private final OutboxExporter exporter;
    private final InFlight inFlight = new InFlight();
    private final Semaphore slots;
    private final ExecutorService deliveries;
    private final ScheduledExecutorService timers;
    private final Fetcher fetcher;
    private final FanOut fanOut;
    private final Acker acker;
    private final Renewer renewer;
    private final Delivery delivery;
    private final OriginTally originTally;
    private final WorkerMetrics metrics;
    private final EndpointHealthReader health;
    private final QueueGauges queueGauges;
    private final JvmMeters jvmMeters;
    private final HistorySchema schema;
    /** Null when {@code HOOKSHOT_MIRROR_REPAIR_INTERVAL} is 0. */
    private MirrorRepairSchedule mirrorRepair;
    /** The auto-disable and the operational webhooks; null until the threads start. */
    private EndpointUpkeep upkeep;

    private Worker(WorkerConfig config, MeterRegistry registry, AttemptTracing tracing) {
        this.config = config;
        this.metrics = new WorkerMetrics(registry);
        this.database = Database.connect(config.database());
        this.redis = RedissonClients.create(config.redisUrl());
        this.queue = new RedisJobQueue(
                redis,
                new QueueSettings(
                        config.queue(),
                        config.partitions(),
                        config.lease(),
                        config.endpointConcurrency(),
                        config.maxStalls(),
                        QueueSettings.DEFAULT_PROMOTE_LIMIT,
                        QueueSettings.DEFAULT_REAP_LIMIT,
                        WorkerWiring.endpointPolicy(config)));
        OriginRateLimits.apply(
                redis, config.queue(), config.partitions(), config.endpoints().originRateLimits());
        this.http = new HttpDispatcher(WorkerWiring.httpSettings(config));
        this.originTally =
                new OriginTally(new OriginStats(redis, config.queue(), config.partitions()), Clock.systemUTC());
        this.delivery = WorkerWiring.delivery(config, http, metrics, redis, originTally, tracing);
        this.slots = new Semaphore(config.concurrency());
        this.deliveries = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("hookshot-delivery-", 1).factory());
        this.timers = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().name("hookshot-timer").daemon().factory());
        this.fetcher = new Fetcher(queue, slots, config.pollInterval(), Ticker.SYSTEM, this::dispatch);
        this.acker = new Acker(queue, inFlight, fetcher.hints(), metrics);
        this.renewer = new Renewer(queue, inFlight);
        this.schema = new HistorySchema(database);
        this.fanOut = new FanOut(
                redis,
                new FanOutSettings(
                        config.queue(),
                        config.partitions(),
                        config.workerId(),
                        config.lease(),
                        config.pollInterval(),
                        FanOutSettings.DEFAULT_BATCH_SIZE));
        this.exporter = new OutboxExporter(
                redis,
                config.queue(),
                config.partitions(),
                new HistoryStore(database, config.queue()),
                schema,
                config.workerId(),
                ExporterSettings.defaults(),
                metrics);
        metrics.inFlight(inFlight::size);
        metrics.rateLimitedClaims(queue);
        this.health = new EndpointHealthReader(redis, config.queue(), config.partitions());
        this.queueGauges = new QueueGauges(
                new QueueDepths(redis, config.queue(), config.partitions()),
                health,
                metrics.traffic(),
                config.queue(),
                config.partitions(),
                registry,
                Clock.systemUTC());
        this.jvmMeters = JvmMeters.bindTo(registry);
    }

    /**
     * Connects to Redis and starts delivering, with its meters in a Prometheus registry of its own
     * ({@link #meterRegistry()}). PostgreSQL may be down: the history is migrated and written when it answers.
     */
    public static Worker start(WorkerConfig config) {
        return start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Like {@link #start(WorkerConfig)}, with the meters in {@code registry} and spans from GlobalOpenTelemetry. */
    public static Worker start(WorkerConfig config, MeterRegistry registry) {
        return start(config, registry, AttemptTracing.global());
    }

    /** Like {@link #start(WorkerConfig, MeterRegistry)}, with each attempt's span from {@code openTelemetry}. */
    public static Worker start(WorkerConfig config, MeterRegistry registry, OpenTelemetry openTelemetry) {
        return start(config, registry, AttemptTracing.of(openTelemetry));
    }

    private static Worker start(WorkerConfig config, MeterRegistry registry, AttemptTracing tracing) {
        Worker worker = new Worker(config, registry, tracing);
        worker.startThreads();
        LOG.info(
                "worker {} started: queue={} partitions={} concurrency={} lease={}s http_timeout={}s",
                config.workerId(),
                config.queue(),
                config.partitions(),
                config.concurrency(),
                config.lease().toSeconds(),
                config.httpTimeout().toSeconds());
        return worker;
    }

    private void startThreads() {
        acker.start();
        exporter.start();
        if (config.registry().repairsMirror()) {
            mirrorRepair = MirrorRepairSchedule.start(
                    Registry.mirrorRepair(database, redis, config.queue(), config.partitions(), Clock.systemUTC()),
                    schema,
                    config.registry().mirrorRepairInterval());
        }
        upkeep = EndpointUpkeep.start(config, database, redis, schema);
        WakeHints.subscribe(redis, config.queue(), config.partitions(), fetcher.hints(), fanOut::hint);
        long renewMs = Math.max(100, config.lease().toMillis() / 3);
        timers.scheduleWithFixedDelay(renewer::renew, renewMs, renewMs, TimeUnit.MILLISECONDS);
        new Reaper(queue, metrics, timers, config.reapInterval()).schedule();
        new HeldSampler(health, new HeldSeries(redis, config.queue(), config.partitions()), timers, Clock.systemUTC())
                .start();
        queueGauges.start(QueueGauges.DEFAULT_REFRESH_INTERVAL);
        originTally.start(timers);
        fetcher.start();
        fanOut.start();
    }

    private void dispatch(ClaimedJob job) {
        inFlight.add(job.lease());
        deliveries.execute(() -> {
            try {
                Settlement outcome = delivery.attempt(job);
                inFlight.settling(job.lease());
                acker.submit(outcome);
            } catch (RuntimeException e) {
                LOG.error(
                        "delivery of {} failed unexpectedly; its lease will expire and it will be retried",
                        job.id(),
                        e);
            } finally {
                slots.release();
                fetcher.slotFreed();
            }
        });
    }

    public int inFlight() {
        return inFlight.size();
    }

    public long staleAcks() {
        return acker.staleAcks();
    }

    /** The registry this worker's meters are in. */
    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    @Override
    public void close() {
        long graceEnds = System.nanoTime() + config.shutdownGrace().toNanos();
        LOG.info(
                "worker {} stopping: {} deliveries in flight, grace {}s",
                config.workerId(),
                inFlight.size(),
                config.shutdownGrace().toSeconds());
        fanOut.close();
        fetcher.close();
        deliveries.shutdown();
        boolean finished = awaitDeliveries();
        acker.close();
        List<Lease> unfinished = inFlight.snapshot();
        if (!unfinished.isEmpty()) {
            try {
                LOG.info("gave back {} unfinished jobs", queue.release(unfinished));
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not give back {} jobs; they return when their leases expire: {}",
                        unfinished.size(),
                        e.toString());
            }
        }
        if (!finished) {
            deliveries.shutdownNow();
        }
        timers.shutdownNow();
        originTally.flush();
        if (mirrorRepair != null) {
            mirrorRepair.close();
        }
        if (upkeep != null) {
            upkeep.close();
        }
        queueGauges.close();
        jvmMeters.close();
        Duration graceLeft = Duration.ofNanos(graceEnds - System.nanoTime());
        exporter.close(graceLeft.compareTo(MIN_FINAL_EXPORT) > 0 ? graceLeft : MIN_FINAL_EXPORT);
        http.close();
        redis.shutdown();
        database.close();
        LOG.info("worker {} stopped", config.workerId());
    }

    private boolean awaitDeliveries() {
        try {
            return deliveries.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
