package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventCodec;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.EventStream;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** Publishing appends each event to its tenant's partition's events stream, once per idempotency key. */
class ProducerEventsIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    private static RedisKeys keysOf(String queue, String tenant) {
        return new RedisKeys(queue, EventKeys.partitionOf(new TenantId(tenant), ProducerConfig.DEFAULT_PARTITIONS));
    }

    private HookshotProducer lenient(String queue) {
        return fixture.producer(
                ProducerConfig.defaults(fixture.redisUrl).withQueue(queue).withEventTypesStrict(false));
    }

    private List<StreamEntry> stream(String queue, String tenant) {
        return fixture.redis.xrange(keysOf(queue, tenant).events(), (StreamEntryID) null, null);
    }

    @Test
    void publishAppendsTheEncodedEventToTheTenantsPartition() {
        String queue = TestServers.newQueue();
        Event event = Event.builder("invoice.paid")
                .tenant("acme")
                .payload("{\"invoice\":7}")
                .channels("eu")
                .build();

        EventId id = lenient(queue).publish(event);

        assertThat(id).isEqualTo(event.id());
        assertThat(id.value()).startsWith("evt_");
        List<StreamEntry> entries = stream(queue, "acme");
        assertThat(entries).hasSize(1);
        Map<String, String> fields = entries.getFirst().getFields();
        assertThat(fields.get(EventStream.ID)).isEqualTo(id.value());
        PublishedEvent stored = EventCodec.decode(fields.get(EventStream.DATA));
        assertThat(stored.payload()).isEqualTo("{\"invoice\":7}");
        assertThat(stored.channels()).containsExactly("eu");
        assertThat(stored.createdAt()).isEqualTo(ProducerFixture.NOW.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(fixture.keysMatching("{hookshot:" + queue + ":*}:events")).hasSize(1);
    }

    @Test
    void publishAllSendsABatchInOrderAcrossTenants() {
        String queue = TestServers.newQueue();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(Event.builder("t")
                    .tenant("tenant-" + i % 7)
                    .payload("{\"i\":" + i + "}")
                    .build());
        }

        List<EventId> ids = lenient(queue).publishAll(events);

        assertThat(ids).containsExactlyElementsOf(events.stream().map(Event::id).toList());
        List<String> stored = new ArrayList<>();
        for (int t = 0; t < 7; t++) {
            String tenant = "tenant-" + t;
            for (StreamEntry entry : stream(queue, tenant)) {
                PublishedEvent e = EventCodec.decode(entry.getFields().get(EventStream.DATA));
                if (e.tenant().value().equals(tenant)) {
                    stored.add(e.id().value());
                }
            }
        }
        assertThat(stored)
                .containsExactlyInAnyOrderElementsOf(
                        ids.stream().map(EventId::value).toList());
    }

    @Test
    void anIdempotencyKeyRepeatedForATenantReturnsTheFirstIdAndAppendsNothing() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = lenient(queue);
        Event first = Event.builder("t")
                .tenant("acme")
                .payload("1")
                .idempotencyKey("inv-7")
                .build();
        Event again = Event.builder("t")
                .tenant("acme")
                .payload("2")
                .idempotencyKey("inv-7")
                .build();
        Event otherTenant = Event.builder("t")
                .tenant("globex")
                .payload("3")
                .idempotencyKey("inv-7")
                .build();

        assertThat(producer.publish(first)).isEqualTo(first.id());
        assertThat(producer.publish(again)).isEqualTo(first.id());
        assertThat(producer.publishAll(List.of(again, again))).containsExactly(first.id(), first.id());
        assertThat(producer.publish(otherTenant)).isEqualTo(otherTenant.id());

        assertThat(stream(queue, "acme")).hasSize(1);
        long ttl = fixture.redis.pttl(keysOf(queue, "acme").eventIdempotency("acme", "inv-7"));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(ProducerConfig.DEFAULT_IDEMPOTENCY_WINDOW.toMillis());
    }

    @Test
    void publishingWakesIdleWorkersWithTheStreamsKey() {
        String queue = TestServers.newQueue();
        List<String> hints = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                hints.add(message);
            }
        };
        try (RedisClient subscriber = RedisClient.create(URI.create(fixture.redisUrl))) {
            Thread thread =
                    Thread.ofVirtual().start(() -> subscriber.subscribe(listener, RedisKeys.wakeChannel(queue)));
            await().atMost(Duration.ofSeconds(5)).until(listener::isSubscribed);
            lenient(queue)
                    .publish(Event.builder("t").tenant("acme").payload("{}").build());

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> hints.contains(keysOf(queue, "acme").events()));
            listener.unsubscribe();
            await().atMost(Duration.ofSeconds(5)).until(() -> !thread.isAlive());
        }
    }

    @Test
    void aRefusedEventInABatchPublishesNothing() {
        String queue = TestServers.newQueue();
        Event good = Event.builder("t").tenant("acme").payload("{}").build();
        Event bad = Event.builder("t").tenant("acme").payload("{").build();

        assertThatThrownBy(() -> lenient(queue).publishAll(List.of(good, bad)))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("payload"))
                .hasMessageContaining("event 1 of a batch of 2");
        assertThat(stream(queue, "acme")).isEmpty();
    }
}
