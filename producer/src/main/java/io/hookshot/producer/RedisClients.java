package io.hookshot.producer;

import io.hookshot.common.PartitionCount;
import io.hookshot.common.RedisUrl;
import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens the Jedis client a producer talks through: a {@link RedisClient} for one server, a
 * {@link RedisClusterClient} for a {@code redis-cluster://} URL (see {@link RedisUrl}). Everything else sees only
 * {@link UnifiedJedis}; and checks the queue's partition count through it. Thread-safe (stateless).
 */
final class RedisClients {
    private RedisClients() {}

    /**
     * A client with a pool of at most {@link ProducerConfig#maxPoolSize()} connections (per node, for a cluster). A
     * cluster client reads the slot map from the first seed that answers and follows it as it changes.
     */
    static UnifiedJedis open(ProducerConfig config) {
        RedisUrl url = RedisUrl.parse(config.redisUrl());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.maxPoolSize());
        pool.setMaxIdle(config.maxPoolSize());
        pool.setMinIdle(0);
        if (url.cluster()) {
            Set<HostAndPort> seeds = new LinkedHashSet<>();
            url.nodes().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
            return RedisClusterClient.builder()
                    .nodes(seeds)
                    .clientConfig(clientConfig(url))
                    .poolConfig(pool)
                    .build();
        }
        RedisUrl.Node server = url.nodes().getFirst();
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(server.host(), server.port()))
                .clientConfig(clientConfig(url))
                .poolConfig(pool)
                .build();
    }

    private static JedisClientConfig clientConfig(RedisUrl url) {
        return DefaultJedisClientConfig.builder()
                .user(url.user().orElse(null))
                .password(url.password().orElse(null))
                .database(url.database())
                .sslOptions(url.tls() ? SslOptions.defaults() : null)
                .build();
    }

    /** Records the partition count if the queue has none yet, and fails if it has another. */
    static void agreeOnPartitions(UnifiedJedis redis, ProducerConfig config) {
        try {
            PartitionCount.agree(
                    config.queue(), config.partitions(), ProducerConfig.ENV_PARTITIONS, (key, field, value) -> {
                        redis.hsetnx(key, field, value);
                        return redis.hget(key, field);
                    });
        } catch (JedisException e) {
            throw new ProducerException(
                    "cannot read queue settings from Redis at " + config.redactedRedisUrl() + ": " + e.getMessage(), e);
        }
    }
}
