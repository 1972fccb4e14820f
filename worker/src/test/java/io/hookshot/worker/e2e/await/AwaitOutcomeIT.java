package io.hookshot.worker.e2e.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.AwaitSettings;
import io.hookshot.producer.DeliveryOutcome;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.TooManyPendingOutcomesException;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * {@link AwaitScenarios} on one Redis server, and what needs no worker or is the producer's alone: the timeout, the
 * cap on pending futures, {@code close()}, and a subscription the server drops.
 */
@ExtendWith(RealServers.class)
class AwaitOutcomeIT extends AwaitScenarios {
    @Override
    WorkerFixture newFixture(TestServers servers) {
        return new WorkerFixture(servers);
    }

    @Test
    void aFutureWithoutAnOutcomeFailsAtItsTimeoutAndFreesItsSlot() {
        receiver = TestReceiver.alwaysOk(); // no worker: the message stays queued
        try (HookshotProducer one = producer(AwaitSettings.defaults().withMaxPending(1))) {
            CompletableFuture<DeliveryOutcome> future = one.sendAndAwait(
                    Message.builder(receiver.url("/slow")).payload("{}").build(), Duration.ofMillis(300));

            assertThatThrownBy(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("had no outcome within PT0.3S");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(one.sendAndAwait(
                                    Message.builder(receiver.url("/next"))
                                            .payload("{}")
                                            .build(),
                                    Duration.ofSeconds(1)))
                            .as("the slot is free again")
                            .isNotNull());
        }
    }

    @Test
    void anAwaitingSendBeyondTheCapIsRefusedAndEnqueuesNothing() {
        receiver = TestReceiver.alwaysOk(); // no worker: the messages stay queued
        try (HookshotProducer two = producer(AwaitSettings.defaults().withMaxPending(2))) {
            two.sendAndAwait(Message.builder(receiver.url("/cap")).payload("{}").build());
            two.sendAndAwait(Message.builder(receiver.url("/cap")).payload("{}").build());
            Message third = Message.builder(receiver.url("/cap")).payload("{}").build();

            assertThatThrownBy(() -> two.sendAndAwait(third))
                    .isInstanceOf(TooManyPendingOutcomesException.class)
                    .hasMessageContaining("already awaits 2 outcomes")
                    .hasMessageContaining("nothing was enqueued");
            assertThat(redis.getKeys()
                            .countExists(
                                    keysOf(receiver.url("/cap")).job(third.id().value())))
                    .isZero();
            assertThat(two.send(third))
                    .as("a send that does not await is not capped")
                    .isEqualTo(third.id());
        }
    }

    @Test
    void closingTheProducerFailsItsPendingFutures() {
        receiver = TestReceiver.alwaysOk(); // no worker: the message stays queued
        HookshotProducer closing = producer(AwaitSettings.defaults());
        CompletableFuture<DeliveryOutcome> future = closing.sendAndAwait(
                Message.builder(receiver.url("/closed")).payload("{}").build());

        closing.close();

        assertThatThrownBy(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed before the outcome of message msg_");
        assertThatThrownBy(() -> closing.sendAndAwait(
                        Message.builder(receiver.url("/closed")).payload("{}").build()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSubscriptionTheServerDropsIsTakenUpAgain() throws Exception {
        receiver = TestReceiver.alwaysOk();
        CompletableFuture<DeliveryOutcome> before = producer.sendAndAwait(
                Message.builder(receiver.url("/before")).payload("{}").build());
        try (RedisClient admin = RedisClient.create(URI.create(fixture.servers.redisUrl()))) {
            assertThat(admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub"))
                    .as("subscriptions killed, the producer's among them")
                    .isInstanceOfSatisfying(Long.class, n -> assertThat(n).isPositive());
        }
        startWorker();
        CompletableFuture<DeliveryOutcome> after = producer.sendAndAwait(
                Message.builder(receiver.url("/after")).payload("{}").build());

        assertThat(outcome(before)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(outcome(after)).isInstanceOf(DeliveryOutcome.Delivered.class);
    }
}
