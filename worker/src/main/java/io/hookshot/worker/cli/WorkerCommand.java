package io.hookshot.worker.cli;

import io.hookshot.worker.api.ApiServer;
import io.hookshot.worker.api.HealthCheck;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.OutboxRelayConfig;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.relay.OutboxRelayService;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * Runs a worker until SIGTERM or SIGINT, then shuts it down gracefully. Serves {@code /health/live},
 * {@code /health/ready} and {@code /metrics} on HOOKSHOT_HTTP_PORT for probes. With HOOKSHOT_OUTBOX_DATABASE_URL set, it
 * also relays that database's transactional outbox table to the queue ({@link OutboxRelayService}).
 */
@Command(name = "worker", description = "Deliver webhooks from the queue until stopped (SIGTERM: graceful).")
final class WorkerCommand implements Callable<Integer>, LoggingCommand {
    /** The health checks' own Postgres connections (the worker's pool is its own). */
    private static final int HEALTH_POOL_SIZE = 1;

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = Environment.load();
        WorkerConfig config = WorkerConfig.fromEnvironment(env);
        Optional<OutboxRelayConfig> outbox = OutboxRelayConfig.fromEnvironment(env);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Database healthDatabase = new Database(
                config.database().url(),
                config.database().user(),
                config.database().password(),
                HEALTH_POOL_SIZE);
        RedissonClient healthRedis = RedissonClients.create(config.redisUrl());
        Optional<ApiServer> health = startHealth(
                ServerConfig.httpPortFrom(env),
                Map.of("redis", HealthCheck.redis(healthRedis), "postgres", HealthCheck.postgres(healthDatabase)),
                registry);
        // The worker starts last, right before its shutdown hook: a SIGTERM must never find deliveries in flight
        // without a hook to finish them (the HTTP server takes a few seconds to start on a busy machine).
        Worker worker = Worker.start(config, registry);
        Optional<OutboxRelayService> relay = outbox.map(c -> OutboxRelayService.start(c, registry));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            relay.ifPresent(OutboxRelayService::close);
                            worker.close();
                            health.ifPresent(ApiServer::close);
                            healthRedis.shutdown();
                            healthDatabase.close();
                            stopped.countDown();
                        },
                        "hookshot-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Starts the probes' server. Delivery matters more than probes: when the port is taken (several workers on one
     * host), the worker logs it and goes on delivering without them.
     */
    private static Optional<ApiServer> startHealth(
            int port, Map<String, HealthCheck> checks, PrometheusMeterRegistry registry) {
        try {
            return Optional.of(ApiServer.startHealthOnly(port, checks, registry));
        } catch (RuntimeException e) {
            LOG.error(
                    "cannot serve health and metrics on port {} ({}): set {} to a free port; the worker goes on"
                            + " delivering without them",
                    port,
                    e.getMessage(),
                    ServerConfig.HTTP_PORT);
            return Optional.empty();
        }
    }
}
