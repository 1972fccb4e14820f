package io.hookshot.worker.queue;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import java.util.Optional;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Where the claim script reads an endpoint's rate limit: field {@code <endpoint key>|l} of its partition's health hash
 * (see include/health.lua). The endpoint key is an endpoint id or a URL origin. Stateless.
 */
public final class EndpointRateLimit {
    /** The health hash field's suffix, after the endpoint key. */
    public static final String FIELD_SUFFIX = "|l";

    private EndpointRateLimit() {}

    /** Sets the limit of {@code endpointKey} on {@code queue} to {@code perSecond}, or removes it when empty. */
    public static void write(
            RedissonClient redis, String queue, int partitions, String endpointKey, Optional<Integer> perSecond) {
        RMap<String, String> health = redis.getMap(
                new RedisKeys(queue, Endpoints.partitionOf(endpointKey, partitions)).health(), StringCodec.INSTANCE);
        if (perSecond.isPresent()) {
            health.fastPut(endpointKey + FIELD_SUFFIX, perSecond.get().toString());
        } else {
            health.fastRemove(endpointKey + FIELD_SUFFIX);
        }
    }
}
