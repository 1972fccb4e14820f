package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.producer.ProducerListener.Operation;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A {@link ProducerListener} hears of every send and publish call, and {@link HookshotProducer#ping} of Redis. */
@ExtendWith(RealServers.class)
class ProducerListenerIT {
    /** What a listener heard: an operation, how many, and the failure's class (or none). */
    record Heard(Operation operation, int count, String failure) {}

    /** Records what it hears; thread-safe. */
    static final class RecordingListener implements ProducerListener {
        final List<Heard> heard = new CopyOnWriteArrayList<>();

        @Override
        public void enqueued(Operation operation, int count, Duration elapsed) {
            assertThat(elapsed).isPositive();
            heard.add(new Heard(operation, count, "none"));
        }

        @Override
        public void failed(Operation operation, int count, Duration elapsed, RuntimeException error) {
            heard.add(new Heard(operation, count, error.getClass().getSimpleName()));
        }
    }

    private final TestServers servers;

    ProducerListenerIT(TestServers servers) {
        this.servers = servers;
    }

    private ProducerConfig config() {
        return config(servers.redisUrl());
    }

    private ProducerConfig config(String redisUrl) {
        return ProducerConfig.defaults(redisUrl).withQueue(servers.queue()).withEventTypesStrict(false);
    }

    @Test
    void hearsEverySendAndPublishCallAndItsOutcome() {
        RecordingListener listener = new RecordingListener();
        try (HookshotProducer producer = HookshotProducer.create(config(), listener)) {
            producer.send(ProducerFixture.message().build());
            producer.sendAll(List.of(
                    ProducerFixture.message().build(), ProducerFixture.message().build()));
            producer.sendAll(List.of());
            assertThatThrownBy(() ->
                            producer.send(Message.builder("ftp://example.com/").build()))
                    .isInstanceOf(InvalidMessageException.class);
            producer.publish(
                    Event.builder("invoice.paid").tenant("acme").payload("{}").build());
            assertThatThrownBy(() -> producer.publish(Event.builder("invoice.paid")
                            .tenant("acme")
                            .payload("not json")
                            .build()))
                    .isInstanceOf(InvalidEventException.class);
        }
        assertThat(listener.heard)
                .containsExactly(
                        new Heard(Operation.SEND, 1, "none"),
                        new Heard(Operation.SEND, 2, "none"),
                        new Heard(Operation.SEND, 1, "InvalidMessageException"),
                        new Heard(Operation.PUBLISH, 1, "none"),
                        new Heard(Operation.PUBLISH, 1, "InvalidEventException"));
    }

    @Test
    void hearsRedisFailuresAndPingFailsWhileRedisIsUnreachable() {
        URI redis = URI.create(servers.redisUrl());
        RecordingListener listener = new RecordingListener();
        try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
                HookshotProducer producer =
                        HookshotProducer.create(config("redis://" + redis.getHost() + ":" + proxy.port()), listener)) {
            producer.ping();

            proxy.block();
            assertThatThrownBy(producer::ping)
                    .isInstanceOf(ProducerException.class)
                    .hasMessageContaining("does not answer");
            assertThatThrownBy(() -> producer.send(ProducerFixture.message().build()))
                    .isInstanceOf(ProducerException.class);

            proxy.unblock();
            producer.ping();
        }
        assertThat(listener.heard).containsExactly(new Heard(Operation.SEND, 1, "ProducerException"));
    }

    @Test
    void aClosedProducerRefusesToPing() {
        HookshotProducer producer = HookshotProducer.create(config());
        producer.ping();
        producer.close();
        assertThatThrownBy(producer::ping).isInstanceOf(IllegalStateException.class);
    }
}
