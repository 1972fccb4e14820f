package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.ENDPOINT;
import static io.hookshot.producer.ProducerFixture.URL;
import static io.hookshot.producer.ProducerFixture.keysOf;
import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sending the same message twice (by idempotency key or by explicit id) stores and delivers it once. */
class ProducerIdempotencyIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    @Test
    void idempotencyKeySentTwiceReturnsTheFirstIdAndStoresOneJob() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        Message first = message().idempotencyKey("order-42").build();
        Message second =
                message().idempotencyKey("order-42").payload("{\"order\":43}").build();

        MessageId firstId = producer.send(first);
        MessageId secondId = producer.send(second);

        assertThat(secondId).isEqualTo(firstId).isEqualTo(first.id());
        RedisKeys keys = keysOf(queue, URL);
        assertThat(fixture.redis.exists(keys.job(second.id().value()))).isFalse();
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1))
                .containsExactly(first.id().value());
        long ttl = fixture.redis.pttl(keys.idempotency(ENDPOINT, "order-42"));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(ProducerConfig.DEFAULT_IDEMPOTENCY_WINDOW.toMillis());
    }

    @Test
    void idempotencyKeysAreScopedToTheEndpoint() {
        HookshotProducer producer = fixture.producer(TestServers.newQueue());
        Message toOne = Message.builder("https://one.example.com/hook")
                .payload("{}")
                .idempotencyKey("k")
                .build();
        Message toOther = Message.builder("https://other.example.com/hook")
                .payload("{}")
                .idempotencyKey("k")
                .build();

        assertThat(producer.send(toOther)).isNotEqualTo(producer.send(toOne));
    }

    @Test
    void repeatedIdempotencyKeyInOneBatchReturnsTheFirstId() {
        String queue = TestServers.newQueue();
        Message m = message().idempotencyKey("batch-dup").build();
        Message again = message().idempotencyKey("batch-dup").build();

        assertThat(fixture.producer(queue).sendAll(List.of(m, again))).containsExactly(m.id(), m.id());
    }

    @Test
    void repeatedIdempotencyKeyAcrossTheCallsOfOneBatchReturnsTheFirstId() {
        String queue = TestServers.newQueue();
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < EnqueueLayout.MAX_JOBS_PER_CALL + 2; i++) {
            Message.Builder b = message().payload("{\"i\":" + i + "}");
            batch.add(
                    i == 0 || i == 1 || i == EnqueueLayout.MAX_JOBS_PER_CALL + 1
                            ? b.idempotencyKey("k").build()
                            : b.build());
        }

        List<MessageId> ids = fixture.producer(queue).sendAll(batch);

        MessageId first = batch.getFirst().id();
        assertThat(ids.get(1)).isEqualTo(first);
        assertThat(ids.getLast()).as("sent in the batch's second call").isEqualTo(first);
        RedisKeys keys = keysOf(queue, URL);
        assertThat(fixture.redis.get(keys.idempotency(ENDPOINT, "k"))).isEqualTo(first.value());
        assertThat(fixture.redis.exists(keys.job(batch.get(1).id().value()))).isFalse();
        assertThat(fixture.redis.exists(keys.job(batch.getLast().id().value()))).isFalse();
        assertThat(fixture.redis.llen(keys.ready(ENDPOINT))).isEqualTo(batch.size() - 2);
        assertThat(fixture.redis.xlen(keys.outbox())).isEqualTo(batch.size() - 2);
    }

    @Test
    void sameIdTwiceInOneBatchIsStoredOnceAsFirstSent() {
        String queue = TestServers.newQueue();
        MessageId id = new MessageId("evt_batch_dup");
        Message other = message().build();

        List<MessageId> ids = fixture.producer(queue)
                .sendAll(List.of(
                        message().id(id).build(),
                        other,
                        message().id(id).payload("{\"second\":true}").build()));

        assertThat(ids).containsExactly(id, other.id(), id);
        RedisKeys keys = keysOf(queue, URL);
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1))
                .containsExactly(id.value(), other.id().value());
        assertThat(fixture.redis.xlen(keys.outbox())).isEqualTo(2);
        assertThat(fixture.storedJob(queue, URL, id).payload())
                .isEqualTo("{\"order\":42}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sameExplicitIdSentTwiceIsStoredOnce() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        MessageId id = new MessageId("evt_order_42_created");

        assertThat(producer.send(message().id(id).build())).isEqualTo(id);
        assertThat(producer.send(message().id(id).payload("{\"other\":true}").build()))
                .isEqualTo(id);

        RedisKeys keys = keysOf(queue, URL);
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1)).containsExactly(id.value());
        assertThat(fixture.redis.xlen(keys.outbox())).isEqualTo(1);
        assertThat(fixture.storedJob(queue, URL, id).payload())
                .isEqualTo("{\"order\":42}".getBytes(StandardCharsets.UTF_8));
    }
}
