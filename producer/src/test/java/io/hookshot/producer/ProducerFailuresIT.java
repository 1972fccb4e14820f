package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.ENDPOINT;
import static io.hookshot.producer.ProducerFixture.URL;
import static io.hookshot.producer.ProducerFixture.keysOf;
import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.MessageId;
import io.hookshot.common.Outbox;
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
 * partition count that does not match the queue's, a Redis error (for the whole batch, or for one message of it), a
 * closed producer, an unreachable Redis.
 */
class ProducerFailuresIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    @Test
    void invalidMessageInABatchEnqueuesNothing() {
        String queue = TestServers.newQueue();
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(
                    i == 7
                            ? message().header("Webhook-Signature", "v1,forged").build()
                            : message().build());
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
                .mapToObj(i -> Message.builder("https://h" + i + ".example.com/")
                        .payload("{}")
                        .build())
                .toList();
        List<MessageId> many = producer.sendAll(batch);

        assertThat(fixture.redis.exists(keysOf(queue, URL).job(one.value()))).isTrue();
        assertThat(many)
                .containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        for (Message m : batch) {
            assertThat(fixture.redis.exists(keysOf(queue, m.url()).job(m.id().value())))
                    .isTrue();
        }
    }

    @Test
    void aBatchOfSeveralCallsRunsOnceAfterTheScriptCacheIsFlushed() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        MessageId twice = new MessageId("evt_twice");
        List<Message> batch = new ArrayList<>();
        int size = 2 * EnqueueLayout.MAX_JOBS_PER_CALL;
        for (int i = 0; i < size; i++) {
            batch.add(
                    i == 3 || i == size - 3
                            ? message().id(twice).build()
                            : Message.builder(i % 4 != 0 ? URL : "https://h" + i % 7 + ".example.com/")
                                    .payload("{}")
                                    .build());
        }

        fixture.redis.scriptFlush();
        List<MessageId> ids = producer.sendAll(batch);

        assertThat(ids)
                .containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        long outboxRecords = fixture.keysMatching("{hookshot:" + queue + ":*}:outbox").stream()
                .mapToLong(fixture.redis::xlen)
                .sum();
        assertThat(outboxRecords).as("each message stored once").isEqualTo(batch.size() - 1);
    }

    @Test
    void aMessageRedisRefusesAnswersForItselfAndLeavesNothingOfItBehind() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        RedisKeys keys = keysOf(queue, URL);
        String samePartition = IntStream.range(0, 1000)
                .mapToObj(i -> "https://h" + i + ".example.com/")
                .filter(url -> keysOf(queue, url).equals(keys))
                .findFirst()
                .orElseThrow();
        fixture.redis.set(keys.ready(ENDPOINT), "not a list");
        Message good = Message.builder(samePartition).payload("{}").build();
        Message refused = message().build();
        Message alsoGood = Message.builder(samePartition).payload("{}").build();

        assertThatThrownBy(() -> producer.sendAll(List.of(good, refused, alsoGood)))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("Redis rejected the enqueue script for 1 of 3 messages (the others are enqueued)")
                .hasMessageContaining("WRONGTYPE");
        assertThat(fixture.redis.exists(keys.job(good.id().value()))).isTrue();
        assertThat(fixture.redis.exists(keys.job(alsoGood.id().value()))).isTrue();
        assertThat(fixture.redis.exists(keys.job(refused.id().value()))).isFalse();
        assertThat(fixture.redis.xrange(keys.outbox(), "-", "+"))
                .extracting(r -> r.getFields().get(Outbox.ID))
                .containsExactly(good.id().value(), alsoGood.id().value());
    }

    @Test
    void partitionCountMismatchFailsNamingBothCounts() {
        String queue = TestServers.newQueue();
        fixture.producer(
                ProducerConfig.defaults(fixture.redisUrl).withQueue(queue).withPartitions(16));

        assertThatThrownBy(() -> fixture.producer(ProducerConfig.defaults(fixture.redisUrl)
                        .withQueue(queue)
                        .withPartitions(8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 16 partitions")
                .hasMessageContaining("configured with 8")
                .hasMessageContaining("HOOKSHOT_PARTITIONS");
        assertThat(fixture.redis.hget(RedisKeys.meta(queue), PartitionCount.FIELD))
                .isEqualTo("16");
    }

    @Test
    void redisErrorsAreNotSwallowed() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        fixture.redis.set(keysOf(queue, URL).ready(ENDPOINT), "not a list");

        assertThatThrownBy(() ->
                        producer.sendAll(List.of(message().build(), message().build())))
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
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void unreachableRedisIsAProducerException() throws Exception {
        String nowhere = "redis://app:s3cret@127.0.0.1:" + TestRedis.freePort();

        assertThatThrownBy(
                        () -> fixture.producer(ProducerConfig.defaults(nowhere).withQueue(TestServers.newQueue())))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("redis://app:***@127.0.0.1")
                .message()
                .doesNotContain("s3cret");
    }
}
