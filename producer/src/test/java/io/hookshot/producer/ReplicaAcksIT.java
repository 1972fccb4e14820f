package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.testing.TestRedisSentinel;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HOOKSHOT_ENQUEUE_REPLICAS}: an enqueue returns once that many replicas have it; without them it raises an
 * error saying the master has the messages and sending them again is safe. And a {@code redis-sentinel://} URL finds
 * the master through the sentinels.
 */
class ReplicaAcksIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    @Test
    void withoutEnoughReplicasTheSendFailsSayingTheMasterHasItAndASecondSendStoresNothingNew() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(ProducerConfig.defaults(fixture.redisUrl)
                .withQueue(queue)
                .withEventTypesStrict(false)
                .withReplicaAcks(new ReplicaAcks(1, Duration.ofMillis(100))));
        Message m = message().build();

        assertThatThrownBy(() -> producer.send(m))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("the Redis master has the 1 messages, but only 0 of the 1 replicas")
                .hasMessageContaining("HOOKSHOT_ENQUEUE_REPLICAS")
                .hasMessageContaining("sending the same ones again is safe");
        assertThatThrownBy(() ->
                        producer.sendAll(List.of(message().build(), message().build())))
                .hasMessageContaining("the Redis master has the 2 messages");
        assertThatThrownBy(() -> producer.publish(
                        Event.builder("a.b").tenant("acme").payload("{}").build()))
                .hasMessageContaining("the Redis master has the 1 events");

        HookshotProducer plain = fixture.producer(queue);
        assertThat(plain.send(m)).as("the first send stored it").isEqualTo(m.id());
    }

    @Test
    void throughSentinelsAnEnqueueReturnsOnceTheReplicaHasIt() {
        try (TestRedisSentinel redis = TestRedisSentinel.start();
                HookshotProducer producer = HookshotProducer.create(ProducerConfig.defaults(redis.url())
                        .withQueue(TestServers.newQueue())
                        .withEventTypesStrict(false)
                        .withReplicaAcks(new ReplicaAcks(1, Duration.ofSeconds(5))))) {
            Message m = message().build();

            assertThat(producer.send(m)).isEqualTo(m.id());
            assertThat(producer.sendAll(List.of(message().build(), message().build())))
                    .hasSize(2);
            assertThat(producer.publish(
                            Event.builder("a.b").tenant("acme").payload("{}").build()))
                    .isNotNull();
        }
    }
}
