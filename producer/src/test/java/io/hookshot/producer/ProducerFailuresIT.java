package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.ENDPOINT;
import static io.hookshot.producer.ProducerFixture.URL;
import static io.hookshot.producer.ProducerFixture.keysOf;
import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.MessageId;
import io.hookshot.common.PartitionCount;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the producer does when something is wrong: an invalid message in a batch, a flushed script cache, a
 * partition count that does not match the queue's, a Redis error, a closed producer, an unreachable Redis.
 */
class ProducerFailuresIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    @Test
    void invalidMessageInABatchEnqueuesNothing() {
        String queue = TestServers.newQueue();
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(i == 7 ? message().header("Webhook-Signature", "v1,forged").build() : message().build());
        }

        assertThatThrownBy(() -> fixture.producer(queue).sendAll(batch))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("message 7 of a batch of 10")
                .hasMessageContaining("'Webhook-Signature' is reserved");
        assertThat(fixture.keysMatching("{hookshot:" + queue + ":*")).isEmpty();
    }

    @Test
    void sendsStillWorkAfterTheScriptCacheIsFlushed() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        producer.send(message().build());

        fixture.redis.scriptFlush();
        MessageId one = producer.send(message().build());
        fixture.redis.scriptFlush();
        List<Message> batch = IntStream.range(0, 20)
                .mapToObj(i -> Message.builder("https://h" + i + ".example.com/").payload("{}").build()).toList();
        List<MessageId> many = producer.sendAll(batch);

        assertThat(fixture.redis.exists(keysOf(queue, URL).job(one.value()))).isTrue();
        assertThat(many).containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        for (Message m : batch) {
            assertThat(fixture.redis.exists(keysOf(queue, m.url()).job(m.id().value()))).isTrue();
        }
    }

    @Test
    void partitionCountMismatchFailsNamingBothCounts() {
        String queue = TestServers.newQueue();
        fixture.producer(ProducerConfig.defaults(fixture.redisUrl).withQueue(queue).withPartitions(16));

        assertThatThrownBy(() -> fixture.producer(ProducerConfig.defaults(fixture.redisUrl).withQueue(queue)
                .withPartitions(8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 16 partitions")
                .hasMessageContaining("configured with 8")
                .hasMessageContaining("HOOKSHOT_PARTITIONS");
        assertThat(fixture.redis.hget(RedisKeys.meta(queue), PartitionCount.FIELD)).isEqualTo("16");
    }

    @Test
    void redisErrorsAreNotSwallowed() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        fixture.redis.set(keysOf(queue, URL).ready(ENDPOINT), "not a list");

        assertThatThrownBy(() -> producer.sendAll(List.of(message().build(), message().build())))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("Redis rejected the enqueue script for 2 of 2 messages")
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void closedProducerRefusesToSend() {
        HookshotProducer producer = fixture.producer(TestServers.newQueue());
        producer.close();
        producer.close();

        assertThatThrownBy(() -> producer.send(message().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void unreachableRedisIsAProducerException() throws Exception {
        String nowhere = "redis://app:s3cret@127.0.0.1:" + TestRedis.freePort();

        assertThatThrownBy(() -> fixture.producer(ProducerConfig.defaults(nowhere).withQueue(TestServers.newQueue())))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("redis://app:***@127.0.0.1")
                .message().doesNotContain("s3cret");
    }
}
