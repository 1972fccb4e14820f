package io.hookshot.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.MutableClock;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.OriginStats;
import io.hookshot.worker.queue.RedissonClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;

/** A worker's counts per origin go to the minute they were made in, once each, and a failed write loses only them. */
@ExtendWith(RealServers.class)
class OriginTallyIT {
    private static final String ORIGIN = "http://127.0.0.1:8081";
    private static final long MINUTE_MS = 60_000;

    @Test
    void countsLandInTheirOwnMinuteOnceEach(TestServers servers) {
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        try {
            OriginStats stats = new OriginStats(redis, TestServers.newQueue(), 2);
            long minute = System.currentTimeMillis() / MINUTE_MS;
            MutableClock clock = new MutableClock(Instant.ofEpochMilli((minute - 1) * MINUTE_MS + 30_000));
            OriginTally tally = new OriginTally(stats, clock);

            tally.record(ORIGIN, "msg_1", attempt(clock, 12, 503, "status 503"), false);
            clock.advance(Duration.ofSeconds(40)); // into the current minute
            tally.record(ORIGIN, "msg_1", attempt(clock, 8, 200, null), true);
            tally.record(ORIGIN, "msg_2", attempt(clock, 9, 200, null), true);
            tally.flush();
            tally.flush(); // nothing new: nothing added

            assertThat(stats.lastHour(List.of(ORIGIN), minute - 1).get(ORIGIN).attempts())
                    .as("the minute before holds the first attempt only")
                    .isEqualTo(1);
            OriginStats.Summary hour = stats.lastHour(List.of(ORIGIN), minute).get(ORIGIN);
            assertThat(hour.attempts()).isEqualTo(3);
            assertThat(hour.delivered()).isEqualTo(2);
            assertThat(hour.lastError().messageId()).isEqualTo("msg_1");
            assertThat(hour.lastError().statusCode()).isEqualTo(503);
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void aFailedWriteDropsThoseCountsAndTheNextOnesStillLand(TestServers servers) {
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        try {
            String queue = TestServers.newQueue();
            MutableClock clock = new MutableClock(Instant.now());
            RedissonClient stopped = RedissonClients.create(servers.redisUrl());
            stopped.shutdown();
            OriginTally failing = new OriginTally(new OriginStats(stopped, queue, 2), clock);
            failing.record(ORIGIN, "msg_1", attempt(clock, 5, 200, null), true);
            failing.flush(); // logged, not thrown

            OriginStats stats = new OriginStats(redis, queue, 2);
            OriginTally tally = new OriginTally(stats, clock);
            tally.record(ORIGIN, "msg_2", attempt(clock, 5, 200, null), true);
            tally.flush();

            long minute = clock.millis() / MINUTE_MS;
            assertThat(stats.lastHour(List.of(ORIGIN), minute)).containsKey(ORIGIN);
            assertThat(stats.lastHour(List.of(ORIGIN), minute).get(ORIGIN).attempts())
                    .isEqualTo(1);
        } finally {
            redis.shutdown();
        }
    }

    private static AttemptRecord attempt(MutableClock clock, long durationMs, Integer status, String error) {
        return new AttemptRecord(ORIGIN + "/x", clock.millis(), durationMs, status, null, error, Map.of(), "", "w1");
    }
}
