package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.e2e.fixtures.DeadLetters;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replays of dead letters that must not make a second job: while queued, at once from two callers, before archiving. */
@ExtendWith(RealServers.class)
class ApiReplayOnceIT {
    @Test
    void aReplayIsRefusedWhileTheJobIsStillQueuedAndLeavesOneJob(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String id = "msg_stale_dead_letter";
            String encoded = DeadLetters.encodedJob(id, "http://127.0.0.1:9/stale");
            DeadLetters.insert(api.queue, id, "http://127.0.0.1:9/stale", Instant.now(), encoded);
            assertThat(api.post("/v1/dead-letters/" + id + "/replay", null)
                            .json()
                            .get("firstAttempt")
                            .asInt())
                    .isEqualTo(4);
            assertThat(api.queue.inspect().ready()).isEqualTo(1);

            DeadLetters.insert(api.queue, id, "http://127.0.0.1:9/stale", Instant.now(), encoded);
            Response again = api.post("/v1/dead-letters/" + id + "/replay", null);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("detail").asText()).contains("still queued");
            assertThat(api.queue.inspect().ready())
                    .as("no second copy of the job")
                    .isEqualTo(1);
            assertThat(api.get("/v1/dead-letters/" + id).status())
                    .as("the refused replay changed nothing")
                    .isEqualTo(200);

            String delivered = "msg_delivered_since";
            DeadLetters.insert(
                    api.queue,
                    delivered,
                    "http://127.0.0.1:9/d",
                    Instant.now(),
                    DeadLetters.encodedJob(delivered, "http://127.0.0.1:9/d"));
            api.queue
                    .database
                    .jdbi()
                    .useHandle(h -> h.execute(
                            "update hookshot_message set status = 'delivered', attempts = 4 where id = ?", delivered));
            Response stale = api.post("/v1/dead-letters/" + delivered + "/replay", null);
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.json().get("detail").asText()).contains("stale");

            DeadLetters.insert(api.queue, "msg_undecodable", "", Instant.now(), "{not a job");
            Response undecodable = api.post("/v1/dead-letters/msg_undecodable/replay", null);
            assertThat(undecodable.status()).isEqualTo(409);
            assertThat(undecodable.json().get("detail").asText()).contains("cannot be decoded");
        }
    }

    @Test
    void concurrentReplaysOfOneDeadLetterQueueItOnce(TestServers servers) throws Exception {
        try (ApiFixture api = new ApiFixture(servers)) {
            String id = "msg_raced";
            DeadLetters.insert(
                    api.queue,
                    id,
                    "http://127.0.0.1:9/race",
                    Instant.now(),
                    DeadLetters.encodedJob(id, "http://127.0.0.1:9/race"));
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 4; i++) {
                    answers.add(threads.submit(() ->
                            api.post("/v1/dead-letters/" + id + "/replay", null).status()));
                }
            }
            List<Integer> statuses = new ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnlyOnce(202).containsOnly(202, 404);
            assertThat(api.queue.inspect().ready()).isEqualTo(1);
        }
    }

    @Test
    void aDeadJobStillAwaitingArchiveInRedisIsTakenOverNotCopied(TestServers servers) {
        try (ApiFixture api = new ApiFixture(servers)) {
            String id = "msg_awaiting_archive";
            String url = "http://127.0.0.1:9/archive";
            String job = DeadLetters.encodedJob(id, url);
            DeadLetters.insert(api.queue, id, url, Instant.now(), job);
            // The exporter committed the dead letter but has not yet run 'archive': the job is still in the dead set.
            String endpoint = io.hookshot.common.Endpoints.keyOf(URI.create(url));
            var keys = new io.hookshot.common.RedisKeys(
                    api.queue.queue, io.hookshot.common.Endpoints.partitionOf(endpoint, api.queue.partitions));
            api.redis
                    .getMap(keys.job(id))
                    .putAll(Map.of("data", job, "ep", endpoint, "att", "3", "fails", "2", "stalls", "0"));
            api.redis.getScoredSortedSet(keys.dead()).add(System.currentTimeMillis(), id);
            assertThat(api.queue.inspect().dead()).isEqualTo(1);

            Response replay = api.post("/v1/dead-letters/" + id + "/replay", null);
            assertThat(replay.status()).as(replay.text()).isEqualTo(202);
            assertThat(replay.json().get("firstAttempt").asInt()).isEqualTo(4);
            var report = api.queue.inspect();
            assertThat(report.dead()).isZero();
            assertThat(report.ready()).isEqualTo(1);
            assertThat(report.violations()).isEmpty();
            assertThat(api.redis.getMap(keys.job(id)).get("fails")).isEqualTo("0");
        }
    }
}
