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
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens the Jedis client a producer talks through: a {@link RedisClient} for one server, a
 * {@link RedisClusterClient} for a {@code redis-cluster://} URL, a {@link RedisSentinelClient} for a
 * {@code redis-sentinel://} URL (see {@link RedisUrl}). Everything else sees only {@link UnifiedJedis}; and checks
 * the queue's partition count through it. Thread-safe (stateless).
 */
final class RedisClients {
    private RedisClients() {}

    /**
     * A client with a pool of at most {@link ProducerConfig#maxPoolSize()} connections (per node, for a cluster). A
     * cluster client reads the slot map from the first seed that answers and follows it as it changes; a sentinel
     * client asks the sentinels for the master and moves its pool to the new one when they announce a failover.
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
        if (url.sentinel()) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            url.nodes().forEach(node -> sentinels.add(new HostAndPort(node.host(), node.port())));
            return RedisSentinelClient.builder()
                    .masterName(url.master().orElseThrow())
                    .sentinels(sentinels)
                    .clientConfig(clientConfig(url))
                    .sentinelClientConfig(DefaultJedisClientConfig.builder().build())
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

    /**
     * {@link #open}s a client and agrees on the queue's partition count through it; closes it when that fails.
     *
     * @throws ProducerException     when Redis cannot be reached
     * @throws IllegalStateException when the queue has another partition count
     */
    static UnifiedJedis connect(ProducerConfig config) {
        UnifiedJedis redis;
        try {
            redis = open(config);
        } catch (JedisException e) {
            // A cluster client reads the slot map as it is built; a single-server client connects on first use.
            throw new ProducerException(
                    "cannot reach Redis at " + config.redactedRedisUrl() + ": " + e.getMessage(), e);
        }
        try {
            agreeOnPartitions(redis, config);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** Records the partition count if the queue has none yet, and fails if it has another. */
    private static void agreeOnPartitions(UnifiedJedis redis, ProducerConfig config) {
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
