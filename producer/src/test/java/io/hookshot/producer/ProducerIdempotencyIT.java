package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.ENDPOINT;
import static io.hookshot.producer.ProducerFixture.URL;
import static io.hookshot.producer.ProducerFixture.keysOf;
import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.TestServers;
import java.nio.charset.StandardCharsets;
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
        Message second = message().idempotencyKey("order-42").payload("{\"order\":43}").build();

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
        Message toOne = Message.builder("https://one.example.com/hook").payload("{}").idempotencyKey("k").build();
        Message toOther = Message.builder("https://other.example.com/hook").payload("{}").idempotencyKey("k").build();

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
    void sameExplicitIdSentTwiceIsStoredOnce() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        MessageId id = new MessageId("evt_order_42_created");

        assertThat(producer.send(message().id(id).build())).isEqualTo(id);
        assertThat(producer.send(message().id(id).payload("{\"other\":true}").build())).isEqualTo(id);

        RedisKeys keys = keysOf(queue, URL);
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1)).containsExactly(id.value());
        assertThat(fixture.redis.xlen(keys.outbox())).isEqualTo(1);
        assertThat(JobCodec.decode(fixture.redis.hget(keys.job(id.value()), "data")).payload())
                .isEqualTo("{\"order\":42}".getBytes(StandardCharsets.UTF_8));
    }
}
