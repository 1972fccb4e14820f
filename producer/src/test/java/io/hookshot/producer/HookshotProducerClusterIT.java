package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.Endpoints;
import io.hookshot.common.JobCodec;
import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealClusterServers;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestRedisCluster;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** The producer against a Redis Cluster of three masters: each message lands on the master of its partition. */
@ExtendWith(RealClusterServers.class)
class HookshotProducerClusterIT {
    private static final int PARTITIONS = 16;

    private final TestRedisCluster cluster;
    private final List<HookshotProducer> producers = new ArrayList<>();

    HookshotProducerClusterIT(TestRedisCluster cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void closeAll() {
        producers.forEach(HookshotProducer::close);
    }

    private HookshotProducer producer(String queue) {
        HookshotProducer p = HookshotProducer.create(
                ProducerConfig.defaults(cluster.url()).withQueue(queue).withPartitions(PARTITIONS));
        producers.add(p);
        return p;
    }

    private static RedisKeys keysOf(String queue, String url) {
        return new RedisKeys(queue, Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)), PARTITIONS));
    }

    private static List<Message> batchOverManyEndpoints(int size) {
        return IntStream.range(0, size)
                .mapToObj(i -> Message.builder("https://host" + (i % 41) + ".example.com/hook")
                        .payload("{\"n\":" + i + "}")
                        .build())
                .toList();
    }

    @Test
    void pingsTheCluster() {
        HookshotProducer producer = producer(TestServers.newQueue());
        producer.ping();
        producer.close();
        assertThatThrownBy(producer::ping).isInstanceOf(IllegalStateException.class);
    }

    /** Asks the master that should hold each message's job whether it does; returns the masters that did. */
    private Set<HostAndPort> assertStoredOnTheMasterOfItsPartition(String queue, List<Message> sent) {
        Set<HostAndPort> masters = new HashSet<>();
        for (Message m : sent) {
            String jobKey = keysOf(queue, m.url()).job(m.id().value());
            HostAndPort master = cluster.masterOf(jobKey);
            try (Jedis node = cluster.connect(master)) {
                assertThat(JobCodec.decode(node.hget(jobKey, "data")).payload())
                        .as("job %s on %s", jobKey, master)
                        .isEqualTo(m.payloadBytes());
            }
            masters.add(master);
        }
        return masters;
    }

    @Test
    void sendAllAcrossSlotsStoresEveryMessageOnTheMasterOfItsPartition() {
        String queue = cluster.queueSpreadOverAllMasters(PARTITIONS);
        List<Message> batch = batchOverManyEndpoints(300);

        List<MessageId> ids = producer(queue).sendAll(batch);

        assertThat(ids)
                .containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        assertThat(assertStoredOnTheMasterOfItsPartition(queue, batch))
                .as("masters holding the batch")
                .hasSize(TestRedisCluster.MASTERS);
    }

    @Test
    void sendsStillWorkAfterTheScriptCacheIsFlushedOnEveryNode() {
        String queue = cluster.queueSpreadOverAllMasters(PARTITIONS);
        HookshotProducer producer = producer(queue);
        producer.send(batchOverManyEndpoints(1).getFirst());

        cluster.onEveryMaster(Jedis::scriptFlush);
        Message one = Message.builder("https://one.example.com/")
                .payload("{\"one\":1}")
                .build();
        producer.send(one);
        cluster.onEveryMaster(Jedis::scriptFlush);
        List<Message> batch = batchOverManyEndpoints(120);
        List<MessageId> ids = producer.sendAll(batch);

        assertThat(ids)
                .containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        assertStoredOnTheMasterOfItsPartition(queue, List.of(one));
        assertThat(assertStoredOnTheMasterOfItsPartition(queue, batch)).hasSize(TestRedisCluster.MASTERS);
        cluster.onEveryMaster(node -> assertThat(node.scriptExists(LuaScript.ENQUEUE.sha1()))
                .as("enqueue script cached on %s", node.getConnection().getHostAndPort())
                .isTrue());
    }

    @Test
    void producersOfOneQueueAgreeOnThePartitionCount() {
        String queue = TestServers.newQueue();
        producer(queue);

        assertThatThrownBy(() -> HookshotProducer.create(
                        ProducerConfig.defaults(cluster.url()).withQueue(queue).withPartitions(PARTITIONS / 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has " + PARTITIONS + " partitions");
    }

    @Test
    void unreachableClusterIsAProducerExceptionWithoutThePassword() throws Exception {
        String nowhere =
                "redis-cluster://app:s3cret@127.0.0.1:" + TestRedis.freePort() + ",127.0.0.1:" + TestRedis.freePort();

        assertThatThrownBy(() -> HookshotProducer.create(ProducerConfig.defaults(nowhere)))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("redis-cluster://app:***@127.0.0.1")
                .message()
                .doesNotContain("s3cret");
    }
}
