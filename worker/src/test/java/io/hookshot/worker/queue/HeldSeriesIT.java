package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.EndpointHealthReader.EndpointHealth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** The per-minute samples of held messages: one count per minute whoever writes it, bounded, expiring. */
@ExtendWith(RealServers.class)
class HeldSeriesIT {
    private static final int PARTITIONS = 4;

    @Test
    void oneCountPerMinuteTheLastWrittenOlderMinutesDroppedAndTheHashExpires(TestServers servers) {
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        try {
            String queue = TestServers.newQueue();
            HeldSeries series = new HeldSeries(redis, queue, PARTITIONS);
            long minute = System.currentTimeMillis() / 60_000;
            long old = minute - HeldSeries.KEEP.toMinutes() - 1;

            assertThat(series.record(List.of(held("ep_a", 4), held("ep_b", 0), held("https://x.example:443", 2)), old))
                    .as("endpoints holding nothing are not written")
                    .isEqualTo(2);
            assertThat(series.record(List.of(held("ep_a", 7)), minute - 1)).isEqualTo(1);
            // Two workers sampling the same minute, and a re-sent call: one count, the last written.
            series.record(List.of(held("ep_a", 5)), minute);
            series.record(List.of(held("ep_a", 6)), minute);
            series.record(List.of(held("ep_a", 6)), minute);

            assertThat(series.read("ep_a", old, minute))
                    .as("the minute older than %s is gone", HeldSeries.KEEP)
                    .containsExactly(Map.entry(minute - 1, 7L), Map.entry(minute, 6L));
            assertThat(series.read("ep_a", minute, minute)).containsExactly(Map.entry(minute, 6L));
            assertThat(series.read("ep_b", old, minute)).isEmpty();
            assertThat(series.read("https://x.example:443", old, minute)).containsExactly(Map.entry(old, 2L));
            String key = new RedisKeys(queue, Endpoints.partitionOf("ep_a", PARTITIONS)).heldSeries("ep_a");
            assertThat(redis.getMap(key, StringCodec.INSTANCE).remainTimeToLive())
                    .isPositive()
                    .isLessThanOrEqualTo(HeldSeries.KEEP.toMillis());
            assertThat(series.record(List.of(), minute)).isZero();
        } finally {
            redis.shutdown();
        }
    }

    private static EndpointHealth held(String endpoint, long held) {
        return new EndpointHealth(
                endpoint,
                held > 0 ? "open" : "closed",
                Optional.empty(),
                0,
                Optional.empty(),
                0,
                held,
                Optional.empty(),
                Optional.empty());
    }
}
