package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** The URL origins' per-minute figures: the workers' counts added up, the last hour summed, old minutes out. */
@ExtendWith(RealServers.class)
class OriginStatsIT {
    private static final int PARTITIONS = 4;
    private static final String A = "http://127.0.0.1:8081";
    private static final String B = "https://b.example:443";

    private RedissonClient redis;
    private String queue;
    private OriginStats stats;

    @BeforeEach
    void connect(TestServers servers) {
        redis = RedissonClients.create(servers.redisUrl());
        queue = TestServers.newQueue();
        stats = new OriginStats(redis, queue, PARTITIONS);
    }

    @AfterEach
    void disconnect() {
        redis.shutdown();
    }

    @Test
    void twoWorkersCountsAddUpOverTheLastHourWithTheLatestFailure() {
        long now = System.currentTimeMillis() / 60_000;
        long tooOld = now - OriginStats.WINDOW_MINUTES;
        OriginStats.Failure older = new OriginStats.Failure(1_000, "msg_1", 503, null, "status 503");
        OriginStats.Failure latest = new OriginStats.Failure(2_000, "msg_2", null, "timeout", "read timed out");

        stats.add(Map.of(A, counts(1000, 1000, Map.of(LatencyBuckets.of(900), 1000L), null)), tooOld);
        stats.add(Map.of(A, counts(10, 8, Map.of(LatencyBuckets.of(10), 10L), older)), now - 5);
        // Two workers, the same minute: their counts add up; the failure written last is kept.
        stats.add(Map.of(A, counts(80, 80, Map.of(LatencyBuckets.of(20), 80L), null)), now);
        stats.add(
                Map.of(
                        A, counts(10, 2, Map.of(LatencyBuckets.of(500), 10L), latest),
                        B, counts(3, 3, Map.of(LatencyBuckets.of(0), 3L), null)),
                now);

        assertThat(stats.origins(now - (OriginStats.WINDOW_MINUTES - 1))).containsExactly(A, B);
        Map<String, OriginStats.Summary> lastHour = stats.lastHour(List.of(A, B, "http://127.0.0.9:1"), now);

        OriginStats.Summary a = lastHour.get(A);
        assertThat(a.attempts()).as("the minute an hour ago is out").isEqualTo(100);
        assertThat(a.delivered()).isEqualTo(90);
        assertThat(a.latencyP50()).isCloseTo(20, within(1.0));
        assertThat(a.latencyP99()).isCloseTo(500, within(25.0));
        assertThat(a.lastError()).as("the newest minute's failure").isEqualTo(latest);
        OriginStats.Summary b = lastHour.get(B);
        assertThat(b.attempts()).isEqualTo(3);
        assertThat(b.latencyP50()).isZero();
        assertThat(b.lastError()).isNull();
        OriginStats.Summary none = lastHour.get("http://127.0.0.9:1");
        assertThat(none.attempts()).isZero();
        assertThat(none.latencyP50()).isNull();
        assertThat(none.lastError()).isNull();

        RedisKeys keys = new RedisKeys(queue, Endpoints.partitionOf(A, PARTITIONS));
        assertThat(redis.getMap(keys.originStats(A, now), StringCodec.INSTANCE).remainTimeToLive())
                .as("each minute's figures expire on their own")
                .isPositive()
                .isLessThanOrEqualTo(OriginStats.KEEP.toMillis());
        assertThat(redis.getScoredSortedSet(keys.originStatsIndex(), StringCodec.INSTANCE)
                        .getScore(A))
                .as("the index keeps the latest minute")
                .isEqualTo((double) now);
    }

    @Test
    void originsWithoutFiguresInTheHourAreNotListed() {
        long now = System.currentTimeMillis() / 60_000;
        stats.add(Map.of(A, counts(1, 1, Map.of(1, 1L), null)), now - 200);
        stats.add(Map.of(B, counts(1, 1, Map.of(1, 1L), null)), now);

        assertThat(stats.origins(now - (OriginStats.WINDOW_MINUTES - 1))).containsExactly(B);
        assertThat(stats.lastHour(List.of(), now)).isEmpty();
    }

    @Test
    void aCallSentTwiceAddsItsCountsOnce() {
        long now = System.currentTimeMillis() / 60_000;
        RedisKeys keys = new RedisKeys(queue, Endpoints.partitionOf(A, PARTITIONS));
        ScriptRunner.Call call = OriginStats.call(keys, Map.of(A, counts(2, 1, Map.of(3, 2L), null)), now);

        List<Object> written = List.copyOf(new ScriptRunner(redis).runBatch(List.of(call, call)));
        assertThat(written)
                .as("hashes written: by the first run, none by the second")
                .containsExactly(1L, 0L);
        assertThat(stats.lastHour(List.of(A), now).get(A).attempts()).isEqualTo(2);
    }

    private static OriginStats.Counts counts(
            long attempts, long delivered, Map<Integer, Long> buckets, OriginStats.Failure lastError) {
        return new OriginStats.Counts(attempts, delivered, buckets, Optional.ofNullable(lastError));
    }
}
