package io.hookshot.worker.run;

import static io.hookshot.worker.run.RunLoopFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Outbox;
import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.ClaimedJob;
import io.hookshot.worker.queue.RedisJobQueue;
import io.hookshot.worker.queue.SettleResult;
import io.hookshot.worker.queue.Settlement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that lost a job's lease while delivering it (it stalled past its lease; a reaper gave the job back; worker
 * B claimed it), stepped by hand on a real Redis: its renewer finds the lease lost, its acker sends the late outcome
 * once, counts it as stale and changes nothing, and the job ends as worker B settles it (queue.md 5.4, 7.2).
 */
class LostLeaseIT {
    private static final Duration LEASE_B = Duration.ofSeconds(30);

    @RegisterExtension
    final RunLoopFixture loop = new RunLoopFixture();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InFlight inFlight = new InFlight();
    private final List<Integer> hinted = new ArrayList<>();
    private RedisJobQueue queueA;
    private RedisJobQueue queueB;
    private Acker acker;
    private ClaimedJob lost;
    private ClaimedJob current;

    /** Worker A claims m1 with a lease of 1 ms; it expires, the job is reaped, and worker B claims it. */
    @BeforeEach
    void loseTheLease() {
        queueA = loop.queue(Duration.ofMillis(1));
        queueB = loop.queue(LEASE_B);
        acker = new Acker(queueA, inFlight, (partition, delay) -> hinted.add(partition), new WorkerMetrics(meters));
        loop.enqueue("m1", Duration.ZERO);
        lost = queueA.claim(0, 1).jobs().getFirst();
        inFlight.add(lost.lease());

        await().atMost(Duration.ofSeconds(5)).until(() -> queueB.reap() == 1);
        current = queueB.claim(0, 1).jobs().getFirst();
        assertThat(current.id()).isEqualTo("m1");
        assertThat(current.lease()).isNotEqualTo(lost.lease());
    }

    @Test
    void theRenewerFindsTheLeaseLostAndLeavesTheNewOneAlone() {
        assertThat(new Renewer(queueA, inFlight).renew()).containsExactly("m1");

        assertThat(inFlight.delivering("m1")).as("the delivery goes on").isTrue();
        assertThat(queueB.extend(List.of(current.lease())))
                .as("worker B's lease holds")
                .isEmpty();
    }

    @Test
    void aLateOutcomeIsSentOnceCountedAsStaleAndChangesNothing() {
        inFlight.settling(lost.lease());
        acker.submit(new Settlement.Delivered(lost.lease(), ok("worker-a")));

        assertThat(acker.flush()).isEqualTo(1);
        assertStale(1);
        assertThat(acker.flush()).as("never sent again").isZero();
        assertThat(loop.states().active()).as("still worker B's").isEqualTo(1);
        assertThat(loop.attempts("m1")).isEmpty();

        assertThat(queueB.settle(List.of(new Settlement.Delivered(current.lease(), ok("worker-b")))))
                .containsExactly(SettleResult.SETTLED);
        assertThat(loop.states().live()).as("delivered: gone from Redis").isZero();
        assertThat(loop.attempts("m1")).singleElement().satisfies(record -> {
            assertThat(record).containsEntry(Outbox.OUTCOME, "delivered");
            assertThat(AttemptRecord.fromJson(record.get(Outbox.DATA)).workerId())
                    .isEqualTo("worker-b");
        });
    }

    @Test
    void aLateRetryAfterTheJobWasDeliveredDoesNotBringItBack() {
        queueB.settle(List.of(new Settlement.Delivered(current.lease(), ok("worker-b"))));
        inFlight.settling(lost.lease());
        acker.submit(new Settlement.Retrying(lost.lease(), ok("worker-a"), Duration.ZERO));

        assertThat(acker.flush()).isEqualTo(1);

        assertStale(1);
        assertThat(loop.states().live()).isZero();
        assertThat(loop.attempts("m1"))
                .singleElement()
                .satisfies(record -> assertThat(record).containsEntry(Outbox.OUTCOME, "delivered"));
    }

    @Test
    void anOutcomeUnderAHeldLeaseIsSettledAndWakesTheFetcher() {
        InFlight inFlightB = new InFlight();
        Acker ackerB =
                new Acker(queueB, inFlightB, (partition, delay) -> hinted.add(partition), new WorkerMetrics(meters));
        inFlightB.add(current.lease());
        inFlightB.settling(current.lease());
        ackerB.submit(new Settlement.Delivered(current.lease(), ok("worker-b")));

        assertThat(ackerB.flush()).isEqualTo(1);

        assertThat(ackerB.staleAcks()).isZero();
        assertThat(meters.get(WorkerMetrics.STALE_ACKS).counter().count()).isZero();
        assertThat(hinted).as("its endpoint may be under its cap again").containsExactly(0);
        assertThat(inFlightB.size()).isZero();
        assertThat(loop.states().live()).isZero();
    }

    private void assertStale(long count) {
        assertThat(acker.staleAcks()).isEqualTo(count);
        assertThat(meters.get(WorkerMetrics.STALE_ACKS).counter().count()).isEqualTo(count);
        assertThat(inFlight.size()).as("its lease forgotten").isZero();
        assertThat(hinted).as("nothing released: no hint").isEmpty();
    }
}
