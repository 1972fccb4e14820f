package io.hookshot.worker.queue;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Writes the configured rate limits of URL origins where the claim script reads them: field {@code <origin>|l} of
 * the origin's partition's health hash. Origins no longer listed lose their limit; limits of registered endpoints
 * (whose keys are endpoint ids, not origins) are left alone. Every worker writes the same at start; the last one wins.
 * Stateless.
 */
public final class OriginRateLimits {
    private static final String LIMIT_FIELD = EndpointRateLimit.FIELD_SUFFIX;
    private static final String ORIGIN_MARK = "://";

    private OriginRateLimits() {}

    /** Sets {@code limits} (requests per second by endpoint key) on every partition of {@code queue}. */
    public static void apply(RedissonClient redis, String queue, int partitions, Map<String, Integer> limits) {
        for (int p = 0; p < partitions; p++) {
            RMap<String, String> health = redis.getMap(new RedisKeys(queue, p).health(), StringCodec.INSTANCE);
            List<String> stale = new ArrayList<>();
            for (String field : health.keySet()) {
                if (field.endsWith(LIMIT_FIELD)
                        && field.contains(ORIGIN_MARK)
                        && !limits.containsKey(field.substring(0, field.length() - LIMIT_FIELD.length()))) {
                    stale.add(field);
                }
            }
            if (!stale.isEmpty()) {
                health.fastRemove(stale.toArray(String[]::new));
            }
        }
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            int p = Endpoints.partitionOf(limit.getKey(), partitions);
            redis.getMap(new RedisKeys(queue, p).health(), StringCodec.INSTANCE)
                    .fastPut(limit.getKey() + LIMIT_FIELD, Integer.toString(limit.getValue()));
        }
    }
}
