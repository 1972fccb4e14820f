package io.hookshot.worker.run;

import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The pub/sub hints a worker listens to on its queue's wake channel: {@code enqueue} sends a partition's key prefix
 * (work to claim), {@code publish} a partition's events stream (events to fan out). Hints may be lost; the fetcher's
 * and the fan-out's polling bound the cost. Stateless.
 */
final class WakeHints {
    private WakeHints() {}

    /** Subscribes: a claim hint goes to {@code claims}, an events hint to {@code events}, each with its partition. */
    static void subscribe(
            RedissonClient redis, String queue, int partitions, Fetcher.Hints claims, IntConsumer events) {
        Map<String, Integer> partitionOfPrefix = new HashMap<>();
        Map<String, Integer> partitionOfEvents = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            RedisKeys keys = new RedisKeys(queue, p);
            partitionOfPrefix.put(keys.prefix(), p);
            partitionOfEvents.put(keys.events(), p);
        }
        redis.getTopic(RedisKeys.wakeChannel(queue), StringCodec.INSTANCE)
                .addListener(String.class, (channel, hint) -> {
                    Integer p = partitionOfPrefix.get(hint);
                    if (p != null) {
                        claims.dueIn(p, Duration.ZERO);
                    } else if ((p = partitionOfEvents.get(hint)) != null) {
                        events.accept(p);
                    }
                });
    }
}
