package io.hookshot.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestRedisCluster;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * One test receiver per master of a Redis Cluster: each receiver's endpoint (its origin, so its port) falls in a
 * partition of the fixture's queue whose slot that master serves, so traffic to all of them exercises every master.
 * Close it to stop the receivers.
 */
final class ReceiversOnEveryMaster implements AutoCloseable {
    private static final int MAX_RECEIVERS_TRIED = 300;

    private final TestRedisCluster cluster;
    private final Map<TestReceiver, RedisKeys> keysOf = new LinkedHashMap<>();

    /** Starts receivers from {@code newReceiver}, keeping one for each master, until every master has one. */
    ReceiversOnEveryMaster(TestRedisCluster cluster, WorkerFixture fixture, Supplier<TestReceiver> newReceiver) {
        this.cluster = cluster;
        Set<HostAndPort> covered = new HashSet<>();
        Set<HostAndPort> all = new HashSet<>(cluster.masters());
        for (int tried = 0; !covered.equals(all); tried++) {
            if (tried == MAX_RECEIVERS_TRIED) {
                close();
                throw new IllegalStateException("no receiver port of " + MAX_RECEIVERS_TRIED + " fell in a partition"
                        + " on each of the masters " + all + ": is the queue spread over all of them?");
            }
            TestReceiver receiver = newReceiver.get();
            int partition = Endpoints.partitionOf(Endpoints.keyOf(URI.create(receiver.url("/"))), fixture.partitions);
            RedisKeys keys = new RedisKeys(fixture.queue, partition);
            if (covered.add(cluster.masterOf(keys.prefix()))) {
                keysOf.put(receiver, keys);
            } else {
                receiver.close();
            }
        }
    }

    List<TestReceiver> receivers() {
        return List.copyOf(keysOf.keySet());
    }

    /**
     * Asks each master directly (not through a cluster client) about the outbox stream of its receiver's partition:
     * it is there and has had entries added (the exporter deletes them once exported), so the traffic to the
     * receivers went through partitions on {@value TestRedisCluster#MASTERS} different masters.
     */
    void assertTrafficWentThroughEveryMaster() {
        Set<HostAndPort> masters = new HashSet<>();
        for (RedisKeys keys : keysOf.values()) {
            HostAndPort master = cluster.masterOf(keys.prefix());
            try (Jedis node = cluster.connect(master)) {
                assertThat(node.xinfoStream(keys.outbox()).getLastGeneratedId()).as("last id of %s on %s",
                        keys.outbox(), master).isNotEqualTo(new StreamEntryID());
            }
            masters.add(master);
        }
        assertThat(masters).hasSize(TestRedisCluster.MASTERS);
    }

    @Override
    public void close() {
        new ArrayList<>(keysOf.keySet()).forEach(TestReceiver::close);
    }
}
