package io.hookshot.worker.cli;

import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.api.ApiServices;
import io.hookshot.worker.config.ConnectionConfig;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.store.Database;
import java.util.Map;
import org.redisson.api.RedissonClient;

/**
 * What the admin commands ({@code dlq}, {@code messages}, {@code stats}, {@code endpoints}, {@code event-types}) work
 * with: the very services the admin API uses, for the configured queue, but for sending (they never send, so they open
 * no producer connection). Close it when the command is done.
 */
final class AdminContext implements AutoCloseable {
    private static final int POOL_SIZE = 2;

    final ApiServices services;
    private final Database database;
    private final RedissonClient redis;

    private AdminContext(
            Database database,
            RedissonClient redis,
            ProducerConfig producerConfig,
            int replayRate,
            RegistryConfig registry) {
        this.database = database;
        this.redis = redis;
        this.services = ApiServices.withoutSending(producerConfig, database, redis, replayRate, registry);
    }

    static AdminContext open() {
        Map<String, String> env = Environment.load();
        ConnectionConfig config = ConnectionConfig.fromEnvironment(env);
        RegistryConfig registry = RegistryConfig.fromEnvironment(env);
        Database database = new Database(
                config.database().url(),
                config.database().user(),
                config.database().password(),
                POOL_SIZE);
        RedissonClient redis = RedissonClients.create(config.redisUrl());
        try {
            return new AdminContext(
                    database, redis, ProducerConfig.fromEnvironment(env), ServerConfig.replayRateFrom(env), registry);
        } catch (RuntimeException e) {
            redis.shutdown();
            database.close();
            throw e;
        }
    }

    @Override
    public void close() {
        redis.shutdown();
        database.close();
    }
}
