package io.hookshot.worker.queue;

import static io.hookshot.worker.queue.QueueScriptsFixture.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Outbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.client.codec.StringCodec;

/** How a lease ends without a settlement: reaped when it expired, or released by its worker. */
class LeaseEndScriptsIT {
    @RegisterExtension
    final QueueScriptsFixture scripts = new QueueScriptsFixture();

    @Test
    void reapReturnsExpiredLeasesToTheFrontOnceAndKillsAfterTooManyStalls() {
        scripts.useLease(Duration.ofMillis(100), 2);
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        scripts.enqueuer.enqueue("a2", A, Duration.ZERO);
        scripts.queue().claim(0, 1);

        await().atMost(Duration.ofSeconds(3)).until(() -> scripts.queue().reap() == 1);
        assertThat(scripts.queue().reap()).isZero();
        assertThat(scripts.redis
                        .getList(scripts.keys().ready("http://127.0.0.1:9001"), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("a1", "a2");
        assertThat(scripts.outbox().getLast())
                .containsEntry(Outbox.TYPE, Outbox.STALLED)
                .containsEntry(Outbox.ID, "a1")
                .containsEntry(Outbox.OUTCOME, "retrying");

        ClaimedJob again = scripts.queue().claim(0, 1).jobs().getFirst();
        assertThat(again.id()).isEqualTo("a1");
        assertThat(again.attempt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(3)).until(() -> scripts.queue().reap() == 1);
        assertThat(scripts.redis
                        .getScoredSortedSet(scripts.keys().dead(), StringCodec.INSTANCE)
                        .readAll())
                .containsExactly("a1");
        assertThat(scripts.outbox().getLast()).containsEntry(Outbox.OUTCOME, "dead");
    }

    @Test
    void reapRecordsWhenTheLeaseWasClaimedAndNoClaimTimeForALeaseOfAnOlderWorker() {
        scripts.useLease(Duration.ofMillis(100), 3);
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        scripts.enqueuer.enqueue("a2", A, Duration.ZERO);
        scripts.enqueuer.enqueue("a3", A, Duration.ZERO);
        long beforeClaim = System.currentTimeMillis();
        assertThat(scripts.queue().claim(0, 3).jobs()).hasSize(3);
        long afterClaim = System.currentTimeMillis();
        // a2 as an older worker leases a job: no claim time. a3 as an older worker leases it again after an older
        // reaper left the claim time of the attempt before in place.
        scripts.redis.getMap(scripts.keys().job("a2"), StringCodec.INSTANCE).fastRemove("claimed");
        scripts.redis.getMap(scripts.keys().job("a3"), StringCodec.INSTANCE).put("att", "2");

        await().atMost(Duration.ofSeconds(3)).until(() -> scripts.queue().reap() == 3);

        Map<String, Map<String, String>> stalled = new HashMap<>();
        scripts.outbox().stream()
                .filter(r -> Outbox.STALLED.equals(r.get(Outbox.TYPE)))
                .forEach(r -> stalled.put(r.get(Outbox.ID), r));
        assertThat(Long.parseLong(stalled.get("a1").get(Outbox.CLAIMED)))
                .as("claim time, Redis server clock")
                .isBetween(beforeClaim - 5, afterClaim + 5);
        assertThat(stalled.get("a2")).doesNotContainKey(Outbox.CLAIMED).containsEntry(Outbox.ATTEMPT_NO, "1");
        assertThat(stalled.get("a3")).doesNotContainKey(Outbox.CLAIMED).containsEntry(Outbox.ATTEMPT_NO, "2");
        assertThat(List.of(scripts.job("a1"), scripts.job("a2"), scripts.job("a3")))
                .allSatisfy(job -> assertThat(job).doesNotContainKeys("token", "claimed"));
    }

    @Test
    void releaseRecordsWhenTheLeaseWasClaimed() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        long beforeClaim = System.currentTimeMillis();
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
        long afterClaim = System.currentTimeMillis();

        assertThat(scripts.queue().release(List.of(claimed.lease()))).isEqualTo(1);

        assertThat(Long.parseLong(scripts.outbox().getLast().get(Outbox.CLAIMED)))
                .isBetween(beforeClaim - 5, afterClaim + 5);
        assertThat(scripts.job("a1")).doesNotContainKeys("token", "claimed");
    }

    @Test
    void everyRecordCarriesTheMessagesCreationTimeAlsoForAJobAnOlderProducerStored() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        scripts.enqueuer.enqueue("a2", A, Duration.ZERO);
        // an older producer's enqueue stored no 'created' field: the scripts read it from the encoded job
        scripts.redis.getMap(scripts.keys().job("a2"), StringCodec.INSTANCE).fastRemove("created");
        Map<String, String> accepted = new HashMap<>();
        scripts.outbox().forEach(r -> accepted.put(r.get(Outbox.ID), r.get(Outbox.CREATED)));
        assertThat(accepted.values()).doesNotContainNull();

        ClaimedJob first = scripts.queue().claim(0, 1).jobs().getFirst();
        assertThat(scripts.queue().release(List.of(first.lease()))).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();
            scripts.queue().settle(List.of(new Settlement.Delivered(claimed.lease(), QueueScriptsFixture.RECORD)));
        }

        List<Map<String, String>> records = scripts.outbox().subList(2, 5);
        assertThat(records)
                .extracting(r -> r.get(Outbox.TYPE))
                .containsExactly(Outbox.STALLED, Outbox.ATTEMPT, Outbox.ATTEMPT);
        assertThat(records)
                .allSatisfy(r -> assertThat(r.get(Outbox.CREATED))
                        .as("record of " + r.get(Outbox.ID))
                        .isEqualTo(accepted.get(r.get(Outbox.ID))));
        assertThat(records).extracting(r -> r.get(Outbox.ID)).contains("a1", "a2");
    }

    @Test
    void releaseGivesJobsBackAtOnceAndOnlyOnce() {
        scripts.enqueuer.enqueue("a1", A, Duration.ZERO);
        ClaimedJob claimed = scripts.queue().claim(0, 1).jobs().getFirst();

        assertThat(scripts.queue().release(List.of(claimed.lease()))).isEqualTo(1);
        assertThat(scripts.queue().release(List.of(claimed.lease()))).isZero();

        assertThat(scripts.queue().claim(0, 1).jobs())
                .extracting(ClaimedJob::id)
                .containsExactly("a1");
    }
}
