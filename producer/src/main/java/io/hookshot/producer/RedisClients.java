package io.hookshot.producer;

import java.net.URI;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Opens the Jedis client a producer talks through. Everything else sees only {@link UnifiedJedis}, so a
 * {@code RedisClusterClient} can be opened here instead once cluster support lands. Thread-safe (stateless).
 */
final class RedisClients {
    private RedisClients() {
    }

    /** A standalone client with a pool of at most {@link ProducerConfig#maxPoolSize()} connections. */
    static UnifiedJedis open(ProducerConfig config) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.maxPoolSize());
        pool.setMaxIdle(config.maxPoolSize());
        pool.setMinIdle(0);
        URI uri = withPort(config.redisUrl());
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(DefaultJedisClientConfig.builder(uri).build())
                .poolConfig(pool)
                .build();
    }

    /** Jedis insists on an explicit port; Redis URLs commonly leave it out. */
    static URI withPort(String redisUrl) {
        URI uri = URI.create(redisUrl);
        if (uri.getPort() != -1) {
            return uri;
        }
        String authority = uri.getRawAuthority();
        int start = redisUrl.indexOf("//") + 2;
        return URI.create(redisUrl.substring(0, start) + authority + ":" + ProducerConfig.DEFAULT_REDIS_PORT
                + redisUrl.substring(start + authority.length()));
    }
}
