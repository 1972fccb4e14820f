package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.ENDPOINT;
import static io.hookshot.producer.ProducerFixture.URL;
import static io.hookshot.producer.ProducerFixture.keysOf;
import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.MessageId;
import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@code sendAll} sends one script call per partition (cut at {@link EnqueueLayout#MAX_JOBS_PER_CALL} messages): what
 * it stores is what one call per message stored, in the order sent, with one server time and at most one wake hint per
 * call.
 */
class ProducerBatchIT {
    private static final String BIG = "https://big.example.com/hook";

    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    @Test
    void aBatchOverPartitionsAndLargerThanACallStoresEveryMessageOnceInTheOrderSent() {
        String queue = TestServers.newQueue();
        List<Message> batch = IntStream.range(0, 2 * EnqueueLayout.MAX_JOBS_PER_CALL + 30)
                .mapToObj(i -> Message.builder(i % 3 != 0 ? BIG : "https://host" + i % 10 + ".example.com/")
                        .payload("{\"n\":" + i + "}")
                        .build())
                .toList();

        List<MessageId> ids = fixture.producer(queue).sendAll(batch);

        fixture.assertStoredInOrder(queue, batch, ids);
        Map<RedisKeys, Long> perPartition = new HashMap<>();
        batch.forEach(m -> perPartition.merge(keysOf(queue, m.url()), 1L, Long::sum));
        assertThat(perPartition).hasSizeGreaterThan(2);
        perPartition.forEach(
                (keys, count) -> assertThat(fixture.redis.xlen(keys.outbox())).isEqualTo(count));
        RedisKeys big = keysOf(queue, BIG);
        List<String> toBig = batch.stream()
                .filter(m -> m.url().equals(BIG))
                .map(m -> m.id().value())
                .toList();
        assertThat(toBig).hasSizeGreaterThan(EnqueueLayout.MAX_JOBS_PER_CALL);
        assertThat(fixture.redis.lrange(big.ready("https://big.example.com:443"), 0, -1))
                .containsExactlyElementsOf(toBig);
        assertThat(fixture.redis.lrange(big.ring(), 0, -1)).containsOnlyOnce("https://big.example.com:443");
    }

    @Test
    void aBatchMixingDelayedAndReadyMessagesPlacesEachByOneServerTime() {
        String queue = TestServers.newQueue();
        Message now = message().build();
        Message inTenMinutes = message().delay(Duration.ofMinutes(10)).build();
        Message pastDue = message().dueAt(Instant.EPOCH).build();
        Message inAnHour = message().delay(Duration.ofHours(1)).build();
        Message alsoNow = message().delay(Duration.ZERO).build();

        long before = fixture.serverTimeMs();
        fixture.producer(queue).sendAll(List.of(now, inTenMinutes, pastDue, inAnHour, alsoNow));
        long after = fixture.serverTimeMs();

        RedisKeys keys = keysOf(queue, URL);
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1))
                .containsExactly(
                        now.id().value(), pastDue.id().value(), alsoNow.id().value());
        assertThat(fixture.redis.zrange(keys.delayed(), 0, -1))
                .containsExactly(inTenMinutes.id().value(), inAnHour.id().value());
        assertThat(fixture.redis.zscore(keys.delayed(), inAnHour.id().value()).longValue())
                .isBetween(
                        before + Duration.ofHours(1).toMillis(),
                        after + Duration.ofHours(1).toMillis());
        List<Map<String, String>> records = fixture.redis.xrange(keys.outbox(), "-", "+").stream()
                .map(StreamEntry::getFields)
                .toList();
        assertThat(records)
                .extracting(r -> r.get(Outbox.ID))
                .containsExactly(
                        now.id().value(),
                        inTenMinutes.id().value(),
                        pastDue.id().value(),
                        inAnHour.id().value(),
                        alsoNow.id().value());
        String at = records.getFirst().get(Outbox.AT);
        assertThat(records).allSatisfy(r -> assertThat(r.get(Outbox.AT)).isEqualTo(at));
        assertThat(records)
                .extracting(r -> Long.parseLong(r.get(Outbox.DUE)) - Long.parseLong(at))
                .containsExactly(
                        0L,
                        Duration.ofMinutes(10).toMillis(),
                        0L,
                        Duration.ofHours(1).toMillis(),
                        0L);
    }

    @Test
    void wakesIdleWorkersOncePerCallThatMadeWorkDueAndNotForDuplicates() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        List<Message> twoCalls = IntStream.range(0, 2 * EnqueueLayout.MAX_JOBS_PER_CALL)
                .mapToObj(i -> Message.builder(BIG).payload("{}").build())
                .toList();
        String delayedUrl = "https://later.example.com/";

        try (WakeHints hints = new WakeHints(fixture.redisUrl, RedisKeys.wakeChannel(queue))) {
            producer.sendAll(twoCalls);
            producer.sendAll(twoCalls);
            producer.sendAll(List.of(
                    Message.builder(delayedUrl)
                            .payload("{}")
                            .delay(Duration.ofMinutes(1))
                            .build(),
                    Message.builder(delayedUrl)
                            .payload("{}")
                            .delay(Duration.ofMinutes(2))
                            .build()));

            await().atMost(Duration.ofSeconds(10)).until(() -> hints.received.size() >= 2);
            assertThat(hints.received)
                    .as("one hint for the first call to BIG (the second found it in the ring), none"
                            + " for the duplicates, one for the delayed call")
                    .containsExactly(
                            keysOf(queue, BIG).prefix(),
                            keysOf(queue, delayedUrl).prefix());
        }
    }

    /** The messages published on a wake channel, in order, while open. */
    private static final class WakeHints implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final RedisClient client;
        private final JedisPubSub subscription = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(message);
            }
        };
        private final Thread listener;

        WakeHints(String redisUrl, String channel) {
            client = RedisClient.create(URI.create(redisUrl));
            listener = Thread.ofVirtual().start(() -> client.subscribe(subscription, channel));
            await().atMost(Duration.ofSeconds(10)).until(subscription::isSubscribed);
        }

        @Override
        public void close() {
            subscription.unsubscribe();
            try {
                listener.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
        }
    }
}
