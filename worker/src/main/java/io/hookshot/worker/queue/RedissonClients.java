package io.hookshot.worker.queue;

import io.hookshot.common.RedisUrl;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SubscriptionMode;

/**
 * Builds the worker's Redisson client: plain strings, few threads (2-core machines), script cache on. A
 * {@code redis-cluster://} URL gives a cluster client, a {@code redis-sentinel://} URL a client that asks the
 * sentinels for the master and follows it after a failover (see {@link RedisUrl}); both read and subscribe on masters
 * only: a replica may lag, and the queue must read what its scripts just wrote.
 */
public final class RedissonClients {
    private static final int TIMEOUT_MS = 3000;
    private static final int RETRY_ATTEMPTS = 3;
    /** Connections to the server, or to each master of a cluster. */
    private static final int MIN_IDLE_CONNECTIONS = 2;

    private static final int MAX_CONNECTIONS = 16;
    /** Connections to each replica: kept few, as nothing reads there (Redisson still opens a pool per replica). */
    private static final int REPLICA_MIN_IDLE_CONNECTIONS = 1;

    private static final int REPLICA_MAX_CONNECTIONS = 2;

    private RedissonClients() {}

    /** {@code redisUrl} is either form {@link RedisUrl} reads; connects (and, for a cluster, reads its slot map). */
    public static RedissonClient create(String redisUrl) {
        return create(RedisUrl.parse(redisUrl));
    }

    /** Connects to the server or cluster {@code url} names (for a cluster, reads its slot map). */
    public static RedissonClient create(RedisUrl url) {
        Config config = new Config()
                .setCodec(StringCodec.INSTANCE)
                .setThreads(2)
                .setNettyThreads(4)
                .setUseScriptCache(true)
                .setUsername(url.user().orElse(null))
                .setPassword(url.password().orElse(null));
        if (url.cluster()) {
            ClusterServersConfig cluster = onMasters(config.useClusterServers());
            url.nodes().forEach(node -> cluster.addNodeAddress(node.uri(url.tls())));
        } else if (url.sentinel()) {
            SentinelServersConfig sentinel = onMasters(config.useSentinelServers())
                    .setMasterName(url.master().orElseThrow())
                    .setDatabase(url.database())
                    .setCheckSentinelsList(false); // one sentinel is enough to find the master
            url.nodes().forEach(node -> sentinel.addSentinelAddress(node.uri(url.tls())));
        } else {
            config.useSingleServer()
                    .setAddress(url.nodes().getFirst().uri(url.tls()))
                    .setDatabase(url.database())
                    .setConnectionMinimumIdleSize(MIN_IDLE_CONNECTIONS)
                    .setConnectionPoolSize(MAX_CONNECTIONS)
                    .setTimeout(TIMEOUT_MS)
                    .setRetryAttempts(RETRY_ATTEMPTS);
        }
        return Redisson.create(config);
    }

    /**
     * A cluster's or sentinel-found master's settings: reads and subscriptions on masters, few replica connections,
     * and the timeout and retries.
     */
    private static <T extends BaseMasterSlaveServersConfig<T>> T onMasters(T servers) {
        return servers.setReadMode(ReadMode.MASTER)
                .setSubscriptionMode(SubscriptionMode.MASTER)
                .setMasterConnectionMinimumIdleSize(MIN_IDLE_CONNECTIONS)
                .setMasterConnectionPoolSize(MAX_CONNECTIONS)
                .setSlaveConnectionMinimumIdleSize(REPLICA_MIN_IDLE_CONNECTIONS)
                .setSlaveConnectionPoolSize(REPLICA_MAX_CONNECTIONS)
                .setTimeout(TIMEOUT_MS)
                .setRetryAttempts(RETRY_ATTEMPTS);
    }
}
