package io.hookshot.worker.queue;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** Builds the worker's Redisson client: plain strings, few threads (2-core machines), script cache on. */
public final class RedissonClients {
    private RedissonClients() {
    }

    /** {@code redisUrl} is {@code redis://host:port} or {@code rediss://...}, with optional user and password. */
    public static RedissonClient create(String redisUrl) {
        Config config = new Config()
                .setCodec(StringCodec.INSTANCE)
                .setThreads(2)
                .setNettyThreads(4)
                .setUseScriptCache(true);
        config.useSingleServer()
                .setAddress(redisUrl)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16)
                .setTimeout(3000)
                .setRetryAttempts(3);
        return Redisson.create(config);
    }
}
