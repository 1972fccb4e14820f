package io.hookshot.worker.queue;

import static io.hookshot.worker.queue.QueueScriptsFixture.A;
import static io.hookshot.worker.queue.QueueScriptsFixture.RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.LuaScript;
import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

/** The settle script: delivered, retrying and dead, each run twice with one effect; bad arguments, stale tokens. */
class SettleScriptIT {
    private static final EndpointPolicy POLICY = EndpointPolicy.holdingFor(Duration.ofDays(1));

    @RegisterExtension
    final QueueScriptsFixture scripts = new QueueScriptsFixture();

    @Test
    void settleDeliveredDeletesTheJobAndASecondRunChangesNothingAndAnswersAsTheFirst() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        Settlement delivered = new Settlement.Delivered(claimed.lease(), RECORD);

        assertThat(scripts.queue().settle(List.of(delivered))).containsExactly(SettleResult.SETTLED);
        assertThat(scripts.queue().settle(List.of(delivered))).containsExactly(SettleResult.SETTLED);

        assertThat(scripts.job("a1")).isEmpty();
        assertThat(scripts.redis
                        .getScoredSortedSet(scripts.keys().active(), StringCodec.INSTANCE)
                        .isEmpty())
                .isTrue();
        assertThat(scripts.redis
                        .getMap(scripts.keys().inflight(), StringCodec.INSTANCE)
                        .isEmpty())
                .isTrue();
        assertThat(scripts.outbox())
                .hasSize(2)
                .last()
                .satisfies(r -> assertThat(r)
                        .containsEntry(Outbox.TYPE, Outbox.ATTEMPT)
                        .containsEntry(Outbox.OUTCOME, "delivered")
                        .containsEntry(Outbox.ATTEMPT_NO, "1")
                        .containsEntry(Outbox.DATA, RECORD.toJson()));
    }

    @Test
    void settleRetryingSchedulesTheNextAttemptOnce() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        Settlement retry = new Settlement.Retrying(claimed.lease(), RECORD, Duration.ofMinutes(10));

        assertThat(scripts.queue().settle(List.of(retry, retry)))
                .containsExactly(SettleResult.SETTLED, SettleResult.SETTLED);
        assertThat(scripts.outbox()).as("one accepted and one attempt record").hasSize(2);

        assertThat(scripts.redis
                        .getScoredSortedSet(scripts.keys().delayed(), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("a1");
        assertThat(scripts.job("a1")).containsEntry("fails", "1").doesNotContainKey("token");
        ClaimResult next = scripts.queue().claim(0, 1);
        assertThat(next.jobs()).isEmpty();
        assertThat(next.nextDue())
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10)));
    }

    @Test
    void retryWithoutDelayIsClaimableAgainAsTheNextAttempt() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob first = scripts.queue().claim(0, 1).jobs().getFirst();
        scripts.queue().settle(List.of(new Settlement.Retrying(first.lease(), RECORD, Duration.ZERO)));

        ClaimedJob second = scripts.queue().claim(0, 1).jobs().getFirst();

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.fails()).isEqualTo(1);
        assertThat(second.lease().token()).isNotEqualTo(first.lease().token());
    }

    @Test
    void settleDeadKeepsTheJobForArchivingAndArchiveForgetsItOnce() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();

        assertThat(scripts.queue().settle(List.of(new Settlement.Dead(claimed.lease(), RECORD, "exhausted"))))
                .containsExactly(SettleResult.SETTLED);
        assertThat(scripts.redis
                        .getScoredSortedSet(scripts.keys().dead(), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("a1");
        assertThat(scripts.outbox().getLast())
                .containsEntry(Outbox.OUTCOME, "dead")
                .containsEntry(Outbox.REASON, "exhausted")
                .containsEntry(Outbox.JOB, scripts.job("a1").get("data"));

        ScriptRunner runner = new ScriptRunner(scripts.redis);
        ScriptRunner.Call archive = ArchiveCall.of(scripts.keys(), List.of("a1"));
        assertThat((Long) runner.run(archive)).isEqualTo(1L);
        assertThat((Long) runner.run(archive)).isZero();
        assertThat(scripts.job("a1")).isEmpty();
    }

    @Test
    void settleDeadRunTwiceArchivesOnceAndAnswersAsTheFirst() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        Settlement dead = new Settlement.Dead(
                scripts.queue().claim(0, 1).jobs().getFirst().lease(), RECORD, "exhausted");

        assertThat(scripts.queue().settle(List.of(dead, dead)))
                .containsExactly(SettleResult.SETTLED, SettleResult.SETTLED);
        assertThat(scripts.outbox()).hasSize(2);
        assertThat(scripts.redis
                        .getScoredSortedSet(scripts.keys().dead(), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("a1");
    }

    @Test
    void aSettlementIsRememberedForALeaseOnly() {
        scripts.useLease(Duration.ofMillis(300), 2);
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        Settlement delivered = new Settlement.Delivered(claimed.lease(), RECORD);
        assertThat(scripts.queue().settle(List.of(delivered))).containsExactly(SettleResult.SETTLED);

        assertThat(scripts.redis
                        .getBucket(scripts.keys().settled(claimed.lease().token()))
                        .remainTimeToLive())
                .isBetween(1L, scripts.settings().lease().toMillis());
        await().atMost(Duration.ofSeconds(3))
                .until(() -> scripts.queue().settle(List.of(delivered)).getFirst() == SettleResult.GONE);
    }

    @Test
    void settleWithBadArgumentsFailsBeforeChangingAnything() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        RedisKeys k = scripts.keys();
        ScriptRunner runner = new ScriptRunner(scripts.redis);
        String token = claimed.lease().token();
        ScriptRunner.Call good = SettleCall.of(
                k, Duration.ofSeconds(30), 2, POLICY, List.of(new Settlement.Delivered(claimed.lease(), RECORD)));
        Map<String, String> before = scripts.job("a1");

        String p = k.prefix();
        for (Object[] args : List.of(
                new Object[] {p, "30000", "10", "1000", "2", "", "a1", token, "lost", "0", "{}", "", "ok", "0"},
                new Object[] {p, "30000", "10", "1000", "2", "", "a1", token, "retrying", "soon", "{}", "", "ok", "0"},
                new Object[] {p, "30000", "10", "1000", "2", "", "a1", token, "dead", "0", "{}", "", "ok"},
                new Object[] {p, "30000", "10", "1000", "2", ""},
                new Object[] {
                    p,
                    "30000",
                    "10",
                    "1000",
                    "2",
                    "",
                    "a1",
                    token,
                    "delivered",
                    "0",
                    "{}",
                    "",
                    "ok",
                    "0",
                    "a1",
                    token,
                    "lost",
                    "0",
                    "{}",
                    "",
                    "ok",
                    "0"
                },
                new Object[] {p, "0", "10", "1000", "2", "", "a1", token, "delivered", "0", "{}", "", "ok", "0"},
                new Object[] {p, "30000", "0", "1000", "2", "", "a1", token, "delivered", "0", "{}", "", "ok", "0"},
                new Object[] {p, "30000", "10", "1000", "2", "", "a1", token, "delivered", "0", "{}", "", "fine", "0"},
                new Object[] {p, "30000", "10", "1000", "2", "", "a1", token, "delivered", "0", "{}", "", "ok", "-1"
                })) {
            assertThatThrownBy(() ->
                            runner.run(new ScriptRunner.Call(LuaScript.SETTLE, good.returnType(), good.keys(), args)))
                    .as(java.util.Arrays.toString(args))
                    .hasMessageContaining("settle:");
        }

        assertThat(scripts.job("a1")).isEqualTo(before);
        assertThat(scripts.redis
                        .getScoredSortedSet(k.active(), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("a1");
    }

    @Test
    void staleTokenChangesNothing() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        Lease forged = new Lease(0, "a1", "someone-else.1");

        assertThat(scripts.queue().settle(List.of(new Settlement.Delivered(forged, RECORD))))
                .containsExactly(SettleResult.STALE);
        assertThat(scripts.queue().extend(List.of(forged))).containsExactly("a1");
        assertThat(scripts.queue().extend(List.of(claimed.lease()))).isEmpty();
        assertThat(scripts.job("a1")).containsEntry("token", claimed.lease().token());
    }
}
