package io.hookshot.worker.queue;

import static io.hookshot.worker.queue.QueueScriptsFixture.A;
import static io.hookshot.worker.queue.QueueScriptsFixture.B;
import static io.hookshot.worker.queue.QueueScriptsFixture.RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

/**
 * The queue scripts that bring jobs in and hand them out: enqueue, claim (round robin, endpoint cap, run twice),
 * promotion of delayed jobs; scripts reloaded after a flush; the partition count check. {@link SettleScriptIT} and
 * {@link LeaseEndScriptsIT} cover the rest. A mutating script run twice leaves the state of one run.
 */
class QueueScriptsIT {
    @RegisterExtension
    final QueueScriptsFixture scripts = new QueueScriptsFixture();

    @Test
    void enqueueMakesJobReadyAndRecordsItOnce() {
        assertThat(scripts.enqueuer.enqueue("m1", A, Duration.ZERO)).containsExactly(1L, "m1");
        assertThat(scripts.enqueuer.enqueue("m1", A, Duration.ZERO)).containsExactly(0L, "m1");

        assertThat(scripts.redis
                        .getList(scripts.keys().ready("http://127.0.0.1:9001"), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("m1");
        assertThat(scripts.redis
                        .getList(scripts.keys().ring(), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("http://127.0.0.1:9001");
        assertThat(scripts.outbox()).hasSize(1).first().satisfies(r -> {
            assertThat(r).containsEntry(Outbox.TYPE, Outbox.ACCEPTED).containsEntry(Outbox.ID, "m1");
        });
    }

    @Test
    void claimLeasesJobsRoundRobinAcrossEndpoints() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        scripts.enqueuer.enqueue("a2", A, Duration.ZERO);
        scripts.enqueuer.enqueue("a3", A, Duration.ZERO);
        scripts.enqueuer.enqueue("b1", B, Duration.ZERO);

        ClaimResult claimed = scripts.queue().claim(0, 2);

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
            scripts.enqueuer.enqueue("a" + i, A, Duration.ZERO);
        }
        List<ClaimedJob> first = scripts.queue().claim(0, 10).jobs();
        assertThat(first).extracting(ClaimedJob::id).containsExactly("a1", "a2");
        assertThat(scripts.queue().claim(0, 10).jobs()).isEmpty();

        scripts.queue().settle(List.of(new Settlement.Delivered(first.getFirst().lease(), RECORD)));

        assertThat(scripts.queue().claim(0, 10).jobs())
                .extracting(ClaimedJob::id)
                .containsExactly("a3");
    }

    @Test
    void claimRunTwiceWithTheSameClaimIdLeasesNothingMore() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        scripts.enqueuer.enqueue("b1", B, Duration.ZERO);
        RedisKeys k = scripts.keys();
        ScriptRunner.Call call = ClaimCall.of(
                k, "c-1", 1, Duration.ofSeconds(30), 2, 100, EndpointPolicy.holdingFor(Duration.ofDays(1)));
        ScriptRunner runner = new ScriptRunner(scripts.redis);

        List<Object> first = runner.run(call);
        List<Object> second = runner.run(call);

        assertThat(second.subList(1, second.size())).isEqualTo(first.subList(1, first.size()));
        assertThat(scripts.redis
                        .getScoredSortedSet(k.active(), StringCodec.INSTANCE)
                        .size())
                .isEqualTo(1);
        assertThat(scripts.job("a1")).containsEntry("att", "1");
    }

    @Test
    void delayedJobIsPromotedWhenDue() {
        scripts.enqueuer.enqueue("a1", A, Duration.ofMillis(300));
        ClaimResult early = scripts.queue().claim(0, 1);
        assertThat(early.jobs()).isEmpty();
        assertThat(early.nextDue()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(300)));

        await().atMost(Duration.ofSeconds(3))
                .until(() -> !scripts.queue().claim(0, 1).jobs().isEmpty());
    }

    @Test
    void scriptsAreReloadedAfterTheServerForgetsThem() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        scripts.redis.getScript(StringCodec.INSTANCE).scriptFlush();

        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        scripts.redis.getScript(StringCodec.INSTANCE).scriptFlush();

        assertThat(scripts.queue().settle(List.of(new Settlement.Delivered(claimed.lease(), RECORD))))
                .containsExactly(SettleResult.SETTLED);
    }

    @Test
    void partitionCountMismatchIsRefused() {
        QueueSettings settings = scripts.settings();
        QueueSettings other = new QueueSettings(settings.queue(), 4, settings.lease(), 2, 1, 100, 100);
        assertThatThrownBy(() -> new RedisJobQueue(scripts.redis, other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 1 partitions")
                .hasMessageContaining("configured with 4 (HOOKSHOT_PARTITIONS)");
    }
}
