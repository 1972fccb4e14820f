package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.LuaScript;
import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.AttemptRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/** Each queue script's effect, and that running a mutating script twice leaves the state of one run. */
@ExtendWith(RealServers.class)
class QueueScriptsIT {
    private static final String A = "http://127.0.0.1:9001/a";
    private static final String B = "http://127.0.0.1:9002/b";
    private static final AttemptRecord RECORD =
            new AttemptRecord(A, 0, 5, 200, null, null, Map.of(), "ok", "test-worker");

    private RedissonClient redis;
    private RedisJobQueue queue;
    private ScriptEnqueuer enqueuer;
    private QueueSettings settings;

    @BeforeEach
    void connect(TestServers servers) {
        redis = RedissonClients.create(servers.redisUrl());
        String name = TestServers.newQueue();
        settings = new QueueSettings(name, 1, Duration.ofSeconds(30), 2, 1, 100, 100);
        queue = new RedisJobQueue(redis, settings);
        enqueuer = new ScriptEnqueuer(redis, name, 1);
    }

    @AfterEach
    void close() {
        assertThat(new QueueInspector(redis, settings).check().violations()).isEmpty();
        redis.shutdown();
    }

    /** The test's queue with a lease of {@code lease} and an endpoint cap of {@code endpointCap}. */
    private void useLease(Duration lease, int endpointCap) {
        settings = new QueueSettings(settings.queue(), 1, lease, endpointCap, 1, 100, 100);
        queue = new RedisJobQueue(redis, settings);
    }

    private RedisKeys keys() {
        return queue.keys(0);
    }

    private Map<String, String> job(String id) {
        return redis.<String, String>getMap(keys().job(id), StringCodec.INSTANCE).readAllMap();
    }

    private List<Map<String, String>> outbox() {
        Map<StreamMessageId, Map<String, String>> all =
                redis.<String, String>getStream(keys().outbox(), StringCodec.INSTANCE).range(StreamMessageId.MIN,
                        StreamMessageId.MAX);
        return List.copyOf(all.values());
    }

    @Test
    void enqueueMakesJobReadyAndRecordsItOnce() {
        assertThat(enqueuer.enqueue("m1", A, Duration.ZERO)).containsExactly(1L, "m1");
        assertThat(enqueuer.enqueue("m1", A, Duration.ZERO)).containsExactly(0L, "m1");

        assertThat(redis.getList(keys().ready("http://127.0.0.1:9001"), StringCodec.INSTANCE).readAll())
                .containsExactly("m1");
        assertThat(redis.getList(keys().ring(), StringCodec.INSTANCE).readAll()).containsExactly("http://127.0.0.1:9001");
        assertThat(outbox()).hasSize(1).first().satisfies(r -> {
            assertThat(r).containsEntry(Outbox.TYPE, Outbox.ACCEPTED).containsEntry(Outbox.ID, "m1");
        });
    }

    @Test
    void claimLeasesJobsRoundRobinAcrossEndpoints() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        enqueuer.enqueue("a2", A, Duration.ZERO);
        enqueuer.enqueue("a3", A, Duration.ZERO);
        enqueuer.enqueue("b1", B, Duration.ZERO);

        ClaimResult claimed = queue.claim(0, 2);

        assertThat(claimed.jobs()).extracting(ClaimedJob::id).containsExactly("a1", "b1");
        assertThat(claimed.jobs()).allSatisfy(j -> {
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(j.fails()).isZero();
            assertThat(j.data()).contains("\"url\"");
        });
        assertThat(claimed.nextDue()).contains(Duration.ZERO);
    }

    @Test
    void claimRespectsTheEndpointCapUntilALeaseEnds() {
        for (int i = 1; i <= 4; i++) {
            enqueuer.enqueue("a" + i, A, Duration.ZERO);
        }
        List<ClaimedJob> first = queue.claim(0, 10).jobs();
        assertThat(first).extracting(ClaimedJob::id).containsExactly("a1", "a2");
        assertThat(queue.claim(0, 10).jobs()).isEmpty();

        queue.settle(List.of(new Settlement.Delivered(first.getFirst().lease(), RECORD)));

        assertThat(queue.claim(0, 10).jobs()).extracting(ClaimedJob::id).containsExactly("a3");
    }

    @Test
    void claimRunTwiceWithTheSameClaimIdLeasesNothingMore() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        enqueuer.enqueue("b1", B, Duration.ZERO);
        RedisKeys k = keys();
        ScriptRunner.Call call = new ScriptRunner.Call(LuaScript.CLAIM, ReturnType.LIST,
                List.of(k.ring(), k.ringSet(), k.delayed(), k.active(), k.inflight(), k.claim("c-1")),
                new Object[] {k.prefix(), "1", "30000", "2", "c-1", "100"});
        ScriptRunner runner = new ScriptRunner(redis);

        List<Object> first = runner.run(call);
        List<Object> second = runner.run(call);

        assertThat(second.subList(1, second.size())).isEqualTo(first.subList(1, first.size()));
        assertThat(redis.getScoredSortedSet(k.active(), StringCodec.INSTANCE).size()).isEqualTo(1);
        assertThat(job("a1")).containsEntry("att", "1");
    }

    @Test
    void settleDeliveredDeletesTheJobAndASecondRunChangesNothingAndAnswersAsTheFirst() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();
        Settlement delivered = new Settlement.Delivered(claimed.lease(), RECORD);

        assertThat(queue.settle(List.of(delivered))).containsExactly(SettleResult.SETTLED);
        assertThat(queue.settle(List.of(delivered))).containsExactly(SettleResult.SETTLED);

        assertThat(job("a1")).isEmpty();
        assertThat(redis.getScoredSortedSet(keys().active(), StringCodec.INSTANCE).isEmpty()).isTrue();
        assertThat(redis.getMap(keys().inflight(), StringCodec.INSTANCE).isEmpty()).isTrue();
        assertThat(outbox()).hasSize(2).last().satisfies(r -> assertThat(r)
                .containsEntry(Outbox.TYPE, Outbox.ATTEMPT).containsEntry(Outbox.OUTCOME, "delivered")
                .containsEntry(Outbox.ATTEMPT_NO, "1").containsEntry(Outbox.DATA, RECORD.toJson()));
    }

    @Test
    void settleRetryingSchedulesTheNextAttemptOnce() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();
        Settlement retry = new Settlement.Retrying(claimed.lease(), RECORD, Duration.ofMinutes(10));

        assertThat(queue.settle(List.of(retry, retry))).containsExactly(SettleResult.SETTLED, SettleResult.SETTLED);
        assertThat(outbox()).as("one accepted and one attempt record").hasSize(2);

        assertThat(redis.getScoredSortedSet(keys().delayed(), StringCodec.INSTANCE).readAll()).containsExactly("a1");
        assertThat(job("a1")).containsEntry("fails", "1").doesNotContainKey("token");
        ClaimResult next = queue.claim(0, 1);
        assertThat(next.jobs()).isEmpty();
        assertThat(next.nextDue()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(9),
                Duration.ofMinutes(10)));
    }

    @Test
    void retryWithoutDelayIsClaimableAgainAsTheNextAttempt() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob first = queue.claim(0, 1).jobs().getFirst();
        queue.settle(List.of(new Settlement.Retrying(first.lease(), RECORD, Duration.ZERO)));

        ClaimedJob second = queue.claim(0, 1).jobs().getFirst();

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.fails()).isEqualTo(1);
        assertThat(second.lease().token()).isNotEqualTo(first.lease().token());
    }

    @Test
    void delayedJobIsPromotedWhenDue() {
        enqueuer.enqueue("a1", A, Duration.ofMillis(300));
        ClaimResult early = queue.claim(0, 1);
        assertThat(early.jobs()).isEmpty();
        assertThat(early.nextDue()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(300)));

        await().atMost(Duration.ofSeconds(3)).until(() -> !queue.claim(0, 1).jobs().isEmpty());
    }

    @Test
    void settleDeadKeepsTheJobForArchivingAndArchiveForgetsItOnce() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();

        assertThat(queue.settle(List.of(new Settlement.Dead(claimed.lease(), RECORD, "exhausted"))))
                .containsExactly(SettleResult.SETTLED);
        assertThat(redis.getScoredSortedSet(keys().dead(), StringCodec.INSTANCE).readAll()).containsExactly("a1");
        assertThat(outbox().getLast()).containsEntry(Outbox.OUTCOME, "dead").containsEntry(Outbox.REASON, "exhausted")
                .containsEntry(Outbox.JOB, job("a1").get("data"));

        ScriptRunner runner = new ScriptRunner(redis);
        ScriptRunner.Call archive = new ScriptRunner.Call(LuaScript.ARCHIVE, ReturnType.LONG,
                List.of(keys().dead()), new Object[] {keys().prefix(), "a1"});
        assertThat((Long) runner.run(archive)).isEqualTo(1L);
        assertThat((Long) runner.run(archive)).isZero();
        assertThat(job("a1")).isEmpty();
    }

    @Test
    void settleDeadRunTwiceArchivesOnceAndAnswersAsTheFirst() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        Settlement dead = new Settlement.Dead(queue.claim(0, 1).jobs().getFirst().lease(), RECORD, "exhausted");

        assertThat(queue.settle(List.of(dead, dead))).containsExactly(SettleResult.SETTLED, SettleResult.SETTLED);
        assertThat(outbox()).hasSize(2);
        assertThat(redis.getScoredSortedSet(keys().dead(), StringCodec.INSTANCE).readAll()).containsExactly("a1");
    }

    @Test
    void aSettlementIsRememberedForALeaseOnly() {
        useLease(Duration.ofMillis(300), 2);
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();
        Settlement delivered = new Settlement.Delivered(claimed.lease(), RECORD);
        assertThat(queue.settle(List.of(delivered))).containsExactly(SettleResult.SETTLED);

        assertThat(redis.getBucket(keys().settled(claimed.lease().token())).remainTimeToLive())
                .isBetween(1L, settings.lease().toMillis());
        await().atMost(Duration.ofSeconds(3)).until(() -> queue.settle(List.of(delivered)).getFirst()
                == SettleResult.GONE);
    }

    @Test
    void settleWithBadArgumentsFailsBeforeChangingAnything() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();
        RedisKeys k = keys();
        ScriptRunner runner = new ScriptRunner(redis);
        String token = claimed.lease().token();
        ScriptRunner.Call good = SettleCall.of(k, Duration.ofSeconds(30),
                List.of(new Settlement.Delivered(claimed.lease(), RECORD)));
        Map<String, String> before = job("a1");

        for (Object[] args : List.of(
                new Object[] {k.prefix(), "30000", "a1", token, "lost", "0", "{}", ""},
                new Object[] {k.prefix(), "30000", "a1", token, "retrying", "soon", "{}", ""},
                new Object[] {k.prefix(), "30000", "a1", token, "dead", "0", "{}"},
                new Object[] {k.prefix(), "30000"},
                new Object[] {k.prefix(), "30000", "a1", token, "delivered", "0", "{}", "", "a1", token, "lost", "0",
                        "{}", ""},
                new Object[] {k.prefix(), "0", "a1", token, "delivered", "0", "{}", ""})) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.run(
                    new ScriptRunner.Call(LuaScript.SETTLE, good.returnType(), good.keys(), args)))
                    .as(java.util.Arrays.toString(args)).hasMessageContaining("settle:");
        }

        assertThat(job("a1")).isEqualTo(before);
        assertThat(redis.getScoredSortedSet(k.active(), StringCodec.INSTANCE).readAll()).containsExactly("a1");
    }

    @Test
    void staleTokenChangesNothing() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();
        Lease forged = new Lease(0, "a1", "someone-else.1");

        assertThat(queue.settle(List.of(new Settlement.Delivered(forged, RECORD)))).containsExactly(SettleResult.STALE);
        assertThat(queue.extend(List.of(forged))).containsExactly("a1");
        assertThat(queue.extend(List.of(claimed.lease()))).isEmpty();
        assertThat(job("a1")).containsEntry("token", claimed.lease().token());
    }

    @Test
    void reapReturnsExpiredLeasesToTheFrontOnceAndKillsAfterTooManyStalls() {
        useLease(Duration.ofMillis(100), 2);
        enqueuer.enqueue("a1", A, Duration.ZERO);
        enqueuer.enqueue("a2", A, Duration.ZERO);
        queue.claim(0, 1);

        await().atMost(Duration.ofSeconds(3)).until(() -> queue.reap() == 1);
        assertThat(queue.reap()).isZero();
        assertThat(redis.getList(keys().ready("http://127.0.0.1:9001"), StringCodec.INSTANCE).readAll())
                .containsExactly("a1", "a2");
        assertThat(outbox().getLast()).containsEntry(Outbox.TYPE, Outbox.STALLED).containsEntry(Outbox.ID, "a1")
                .containsEntry(Outbox.OUTCOME, "retrying");

        ClaimedJob again = queue.claim(0, 1).jobs().getFirst();
        assertThat(again.id()).isEqualTo("a1");
        assertThat(again.attempt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(3)).until(() -> queue.reap() == 1);
        assertThat(redis.getScoredSortedSet(keys().dead(), StringCodec.INSTANCE).readAll()).containsExactly("a1");
        assertThat(outbox().getLast()).containsEntry(Outbox.OUTCOME, "dead");
    }

    @Test
    void reapRecordsWhenTheLeaseWasClaimedAndNoClaimTimeForALeaseOfAnOlderWorker() {
        useLease(Duration.ofMillis(100), 3);
        enqueuer.enqueue("a1", A, Duration.ZERO);
        enqueuer.enqueue("a2", A, Duration.ZERO);
        enqueuer.enqueue("a3", A, Duration.ZERO);
        long beforeClaim = System.currentTimeMillis();
        assertThat(queue.claim(0, 3).jobs()).hasSize(3);
        long afterClaim = System.currentTimeMillis();
        // a2 as an older worker leases a job: no claim time. a3 as an older worker leases it again after an older
        // reaper left the claim time of the attempt before in place.
        redis.getMap(keys().job("a2"), StringCodec.INSTANCE).fastRemove("claimed");
        redis.getMap(keys().job("a3"), StringCodec.INSTANCE).put("att", "2");

        await().atMost(Duration.ofSeconds(3)).until(() -> queue.reap() == 3);

        Map<String, Map<String, String>> stalled = new HashMap<>();
        outbox().stream().filter(r -> Outbox.STALLED.equals(r.get(Outbox.TYPE)))
                .forEach(r -> stalled.put(r.get(Outbox.ID), r));
        assertThat(Long.parseLong(stalled.get("a1").get(Outbox.CLAIMED))).as("claim time, Redis server clock")
                .isBetween(beforeClaim - 5, afterClaim + 5);
        assertThat(stalled.get("a2")).doesNotContainKey(Outbox.CLAIMED).containsEntry(Outbox.ATTEMPT_NO, "1");
        assertThat(stalled.get("a3")).doesNotContainKey(Outbox.CLAIMED).containsEntry(Outbox.ATTEMPT_NO, "2");
        assertThat(List.of(job("a1"), job("a2"), job("a3"))).allSatisfy(job -> assertThat(job)
                .doesNotContainKeys("token", "claimed"));
    }

    @Test
    void releaseRecordsWhenTheLeaseWasClaimed() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        long beforeClaim = System.currentTimeMillis();
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();
        long afterClaim = System.currentTimeMillis();

        assertThat(queue.release(List.of(claimed.lease()))).isEqualTo(1);

        assertThat(Long.parseLong(outbox().getLast().get(Outbox.CLAIMED))).isBetween(beforeClaim - 5, afterClaim + 5);
        assertThat(job("a1")).doesNotContainKeys("token", "claimed");
    }

    @Test
    void releaseGivesJobsBackAtOnceAndOnlyOnce() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();

        assertThat(queue.release(List.of(claimed.lease()))).isEqualTo(1);
        assertThat(queue.release(List.of(claimed.lease()))).isZero();

        assertThat(queue.claim(0, 1).jobs()).extracting(ClaimedJob::id).containsExactly("a1");
    }

    @Test
    void scriptsAreReloadedAfterTheServerForgetsThem() {
        enqueuer.enqueue("a1", A, Duration.ZERO);
        redis.getScript(StringCodec.INSTANCE).scriptFlush();

        ClaimedJob claimed = queue.claim(0, 1).jobs().getFirst();
        redis.getScript(StringCodec.INSTANCE).scriptFlush();

        assertThat(queue.settle(List.of(new Settlement.Delivered(claimed.lease(), RECORD))))
                .containsExactly(SettleResult.SETTLED);
    }

    @Test
    void partitionCountMismatchIsRefused() {
        QueueSettings other = new QueueSettings(settings.queue(), 4, settings.lease(), 2, 1, 100, 100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RedisJobQueue(redis, other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 1 partitions").hasMessageContaining("HOOKSHOT_PARTITIONS is 4");
    }
}
