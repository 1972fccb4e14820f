package io.hookshot.worker.bench;

import io.hookshot.common.RedisKeys;
import org.redisson.api.RedissonClient;

/**
 * Removes every Redis key of a bench queue: its partitions' keys and its queue-wide ones (the meta hash, the
 * registry's mirror and event types). Thread-safe.
 */
final class BenchKeys {
    private BenchKeys() {}

    /** Deletes the keys of {@code queue}; returns how many there were. */
    static long delete(RedissonClient redis, String queue) {
        String partitionKeys = new RedisKeys(queue, 0).prefix().replace(":0}:", ":*}:") + "*";
        String queueKeys = RedisKeys.meta(queue).replace(":meta", ":*");
        return redis.getKeys().deleteByPattern(partitionKeys) + redis.getKeys().deleteByPattern(queueKeys);
    }
}
