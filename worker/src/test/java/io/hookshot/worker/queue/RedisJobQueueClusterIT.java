package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealClusterServers;
import io.hookshot.testing.TestRedisCluster;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.client.codec.StringCodec;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The queue layer on a Redis Cluster of three masters, with the queue's partitions spread over all of them: batches
 * that span masters, NOSCRIPT on one master in the middle of a batch, the key scans of the inspector, and the
 * pub/sub hint.
 */
@ExtendWith(RealClusterServers.class)
class RedisJobQueueClusterIT {
    private static final int PARTITIONS = 8;
    private static final int JOBS = 48;
    private static final AttemptRecord RECORD =
            new AttemptRecord("http://127.0.0.1:9/", 0, 5, 200, null, null, Map.of(), "ok", "test-worker");

    private final TestRedisCluster cluster;
    private RedissonClient redis;
    private QueueSettings settings;
    private RedisJobQueue queue;
    private ScriptEnqueuer enqueuer;

    RedisJobQueueClusterIT(TestRedisCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void connect(TestServers servers) {
        redis = RedissonClients.create(servers.redisUrl());
        String name = cluster.queueSpreadOverAllMasters(PARTITIONS);
        settings = new QueueSettings(name, PARTITIONS, Duration.ofSeconds(30), 100, 1, 1000, 1000);
        queue = new RedisJobQueue(redis, settings);
        enqueuer = new ScriptEnqueuer(redis, name, PARTITIONS);
    }

    @AfterEach
    void close() {
        assertThat(inspect().violations()).isEmpty();
        redis.shutdown();
    }

    private QueueInspector.Report inspect() {
        return new QueueInspector(redis, settings).check();
    }

    /** Enqueues {@link #JOBS} jobs, as many in each partition, to two endpoints per partition; returns id to partition. */
    private Map<String, Integer> enqueueMany() {
        List<List<String>> endpointsOf = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            endpointsOf.add(new ArrayList<>());
        }
        for (int port = 9000; endpointsOf.stream().anyMatch(e -> e.size() < 2); port++) {
            String url = "http://127.0.0.1:" + port + "/hook";
            List<String> endpoints = endpointsOf.get(enqueuer.keysFor(url).partition());
            if (endpoints.size() < 2) {
                endpoints.add(url);
            }
            assertThat(port)
                    .as("ports tried to find two endpoints per partition")
                    .isLessThan(20_000);
        }
        Map<String, Integer> partitionOf = new LinkedHashMap<>();
        for (int i = 0; i < JOBS; i++) {
            int p = i % PARTITIONS;
            String id = "j" + i;
            enqueuer.enqueue(id, endpointsOf.get(p).get(i / PARTITIONS % 2), Duration.ZERO);
            partitionOf.put(id, p);
        }
        return partitionOf;
    }

    private List<ClaimedJob> claimEverything() {
        List<ClaimedJob> claimed = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            claimed.addAll(queue.claim(p, JOBS).jobs());
        }
        return claimed;
    }

    private HostAndPort masterOf(int partition) {
        return cluster.masterOf(queue.keys(partition).prefix());
    }

    @Test
    void partitionsLiveOnEveryMasterAndTheInspectorScansThemAll() {
        Map<String, Integer> partitionOf = enqueueMany();

        Set<HostAndPort> mastersUsed = new HashSet<>();
        for (Map.Entry<String, Integer> job : partitionOf.entrySet()) {
            String id = job.getKey();
            int p = job.getValue();
            mastersUsed.add(masterOf(p));
            try (Jedis node = cluster.connect(masterOf(p))) {
                assertThat(node.exists(queue.keys(p).job(id)))
                        .as("job %s on the master of partition %d", id, p)
                        .isTrue();
            }
        }
        assertThat(mastersUsed).hasSize(TestRedisCluster.MASTERS);
        assertThat(inspect().ready()).isEqualTo(JOBS);
    }

    @Test
    void aBatchOverAllMastersSettlesEveryJobOnce() {
        enqueueMany();
        List<ClaimedJob> claimed = claimEverything();
        assertThat(claimed).hasSize(JOBS);

        List<SettleResult> results = queue.settle(claimed.stream()
                .map(job -> (Settlement) new Settlement.Delivered(job.lease(), RECORD))
                .toList());

        assertThat(results).hasSize(JOBS).containsOnly(SettleResult.SETTLED);
        assertThat(inspect().live()).isZero();
    }

    @Test
    void aMasterThatForgotTheScriptsMidBatchCostsNoResultAndNoSecondRun() {
        enqueueMany();
        List<ClaimedJob> claimed = claimEverything();
        HostAndPort forgetful = masterOf(0);
        try (Jedis node = cluster.connect(forgetful)) {
            node.scriptFlush();
        }

        List<SettleResult> results = queue.settle(claimed.stream()
                .map(job -> (Settlement) new Settlement.Retrying(job.lease(), RECORD, Duration.ofMinutes(5)))
                .toList());

        assertThat(results)
                .as("a call re-sent after NOSCRIPT would answer STALE")
                .containsOnly(SettleResult.SETTLED);
        for (ClaimedJob job : claimed) {
            assertThat(outboxRecordsOf(job.lease().partition(), job.id(), Outbox.ATTEMPT))
                    .as("attempt records of %s", job.id())
                    .isEqualTo(1);
        }
        assertThat(inspect().delayed()).isEqualTo(JOBS);
    }

    @Test
    void extendAndReleaseSpanEveryMaster() {
        enqueueMany();
        List<Lease> leases = claimEverything().stream().map(ClaimedJob::lease).toList();

        assertThat(queue.extend(leases)).as("lost leases").isEmpty();
        assertThat(queue.release(leases)).isEqualTo(JOBS);
        assertThat(inspect().ready()).isEqualTo(JOBS);
    }

    @Test
    void expiredLeasesOnEveryMasterAreReaped() {
        QueueSettings shortLease =
                new QueueSettings(settings.queue(), PARTITIONS, Duration.ofMillis(200), 100, 1, 1000, 1000);
        RedisJobQueue hasty = new RedisJobQueue(redis, shortLease);
        enqueueMany();
        for (int p = 0; p < PARTITIONS; p++) {
            hasty.claim(p, JOBS);
        }

        List<Long> reaped = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    reaped.add(hasty.reap());
                    return reaped.stream().mapToLong(Long::longValue).sum() == JOBS;
                });
        assertThat(inspect().ready()).isEqualTo(JOBS);
    }

    @Test
    void anEnqueueOnAnyMasterWakesASubscriber() {
        Set<String> hinted = ConcurrentHashMap.newKeySet();
        RTopic topic = redis.getTopic(RedisKeys.wakeChannel(settings.queue()), StringCodec.INSTANCE);
        int listener = topic.addListener(String.class, (channel, prefix) -> hinted.add(prefix));
        try {
            enqueueMany();

            Set<String> expected = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> queue.keys(p).prefix())
                    .collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(hinted).isEqualTo(expected));
        } finally {
            topic.removeListener(listener);
        }
    }

    private long outboxRecordsOf(int partition, String id, String type) {
        Map<StreamMessageId, Map<String, String>> all = redis.<String, String>getStream(
                        queue.keys(partition).outbox(), StringCodec.INSTANCE)
                .range(StreamRangeArgs.startId(StreamMessageId.MIN).endId(StreamMessageId.MAX));
        return all.values().stream()
                .filter(r -> id.equals(r.get(Outbox.ID)) && type.equals(r.get(Outbox.TYPE)))
                .count();
    }
}
