package io.hookshot.worker.api;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.ConnectionConfig;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.metrics.JvmMeters;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.retention.RetentionJob;
import io.hookshot.worker.retention.RetentionSchedule;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.HistorySchema;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;

/**
 * What the {@code server} command runs, wired from the environment: the admin API with its Redis, PostgreSQL and
 * producer connections, and the retention job. Stateless: run any number. Close once.
 */
public final class AdminServer implements AutoCloseable {
    private final Database database;
    private final HistorySchema schema;
    private final RedissonClient redis;
    private final HookshotProducer producer;
    private final RetentionSchedule retention;
    private final JvmMeters jvmMeters;
    private final ApiServer api;

    private AdminServer(
            Map<String, String> env, ServerConfig server, Optional<String> token, PrometheusMeterRegistry registry) {
        ConnectionConfig config = ConnectionConfig.fromEnvironment(env);
        this.database = Database.connect(config.database());
        this.schema = new HistorySchema(database);
        schema.migrateInBackground();
        this.redis = RedissonClients.create(config.redisUrl());
        this.producer = HookshotProducer.create(ProducerConfig.fromEnvironment(env));
        this.jvmMeters = JvmMeters.bindTo(registry);
        this.retention = RetentionSchedule.start(
                new RetentionJob(
                        database,
                        server.deadLetterRetention(),
                        server.historyRetention(),
                        RetentionJob.DEFAULT_BATCH_SIZE,
                        Clock.systemUTC()),
                server.retentionInterval());
        this.api = ApiServer.startFull(
                server.httpPort(),
                token,
                ApiServices.of(producer, database, redis, server.replayRate(), RegistryConfig.fromEnvironment(env)),
                Map.of("redis", HealthCheck.redis(redis), "postgres", HealthCheck.postgres(database)),
                registry);
    }

    /**
     * Connects, migrates (in the background while PostgreSQL is unreachable: enqueueing and health answer meanwhile,
     * history routes answer 503) and starts serving on {@link ServerConfig#httpPort()}. {@code token}: what every API route
     * requires; empty only for local development ({@code --insecure-no-auth}).
     */
    public static AdminServer start(
            Map<String, String> env, ServerConfig server, Optional<String> token, PrometheusMeterRegistry registry) {
        return new AdminServer(env, server, token, registry);
    }

    /** The port it listens on (the one picked, when started on port 0). */
    public int port() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        retention.close();
        jvmMeters.close();
        producer.close();
        redis.shutdown();
        schema.close();
        database.close();
    }
}
