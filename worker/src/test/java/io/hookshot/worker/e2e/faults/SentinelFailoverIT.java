package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ReplicaAcks;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestRedisSentinel;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Redis master watched by three sentinels, SIGKILLed under load (real redis-server processes on loopback): with
 * {@code HOOKSHOT_ENQUEUE_REPLICAS=1}, every send the producer got an id for is delivered, because the replica the
 * sentinels promote had it; two worker JVMs and the producer follow the new master by themselves; sends fail while
 * there is no master, then while the new master has no replica, and go through once one joins. Duplicate deliveries
 * (settlements the old master took with it) are counted and bounded by what was in flight.
 */
@ExtendWith(RealServers.class)
class SentinelFailoverIT {
    private static final int MESSAGES = 2000;
    private static final int CONCURRENCY = 16;
    private static final int WORKERS = 2;

    @Test
    void everySendAReplicaAcknowledgedIsDeliveredAcrossAFailover(TestServers servers) throws Exception {
        try (TestRedisSentinel redis = TestRedisSentinel.start();
                WorkerFixture fixture = new WorkerFixture(servers.withRedis(redis.url()));
                HookshotProducer producer = HookshotProducer.create(
                        fixture.producer.config().withReplicaAcks(new ReplicaAcks(1, Duration.ofMillis(500))));
                TestReceiver receiver = TestReceiver.answering(Answer.ok().after(Duration.ofMillis(10)));
                WorkerFleet fleet = new WorkerFleet(
                        fixture,
                        "sentinel",
                        Map.of(
                                WorkerConfig.CONCURRENCY,
                                Integer.toString(CONCURRENCY),
                                WorkerConfig.LEASE,
                                "10s",
                                WorkerConfig.HTTP_TIMEOUT,
                                "2s"))) {
            List<WorkerFleet.Member> workers = fleet.start(List.of("s1", "s2"));
            SendLoop loop = SendLoop.start(
                    producer,
                    MESSAGES,
                    i -> Message.builder(receiver.url("/failover/" + i))
                            .payload("{\"i\":" + i + "}")
                            .idempotencyKey("failover-" + i)
                            .build());

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> loop.acknowledged().size() >= MESSAGES / 3);
            Instant killedAt = Instant.now();
            int oldMaster = redis.killMaster();
            int newMaster = redis.awaitFailover(oldMaster, Duration.ofSeconds(60));
            Instant promotedAt = Instant.now();
            // The new master has no replica yet: enqueues reach it, but none is acknowledged by a replica.
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.failingFor().compareTo(Duration.ofSeconds(1)) >= 0);
            redis.addReplica();
            Instant replicaAt = Instant.now();

            List<String> ids = loop.awaitAllAcknowledged(Duration.ofSeconds(120));
            fixture.awaitFinal(ids, Duration.ofSeconds(120));
            assertThat(workers)
                    .as("the worker processes lived through it")
                    .allMatch(m -> m.process().isAlive());
            fleet.stop();

            Instant firstDeliveryAfter = receiver.firstReceivedAfter(promotedAt);
            System.err.printf(
                    "sentinel failover: master on port %d SIGKILLed, replica on %d promoted %d ms later; first"
                            + " delivery %d ms after the promotion; sends failed from %d ms after the kill and went"
                            + " through again %d ms after it (a new replica was online %d ms after it); %d sends failed and"
                            + " were sent again; %d of %d delivered, %d duplicate requests%n",
                    oldMaster,
                    newMaster,
                    Duration.between(killedAt, promotedAt).toMillis(),
                    Duration.between(promotedAt, firstDeliveryAfter).toMillis(),
                    Duration.between(killedAt, loop.firstFailure().orElseThrow())
                            .toMillis(),
                    Duration.between(killedAt, loop.recovered().orElseThrow()).toMillis(),
                    Duration.between(killedAt, replicaAt).toMillis(),
                    loop.failures(),
                    receiver.delivered().size(),
                    ids.size(),
                    receiver.repeatedRequests());

            assertThat(ids).hasSize(MESSAGES).doesNotHaveDuplicates();
            assertThat(newMaster).isNotEqualTo(oldMaster);
            assertThat(loop.failures()).as("sends failed during the failover").isPositive();
            assertThat(receiver.delivered()).containsAll(ids);
            fixture.assertDeliveredOrArchived(ids);
            assertThat(receiver.repeatedRequests())
                    .as("duplicates: at most the deliveries in flight when the master died")
                    .isLessThanOrEqualTo((long) WORKERS * CONCURRENCY);
        }
    }
}
