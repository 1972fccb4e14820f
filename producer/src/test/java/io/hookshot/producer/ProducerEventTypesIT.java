package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventKeys;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With event types strict (the default), only types the catalogue has and has not archived are published. */
class ProducerEventTypesIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    private static Event of(String type) {
        return Event.builder(type).tenant("acme").payload("{}").build();
    }

    @Test
    void strictTypesRefuseUnknownAndArchivedTypesNamingTheField() {
        String queue = TestServers.newQueue();
        fixture.redis.hset(EventKeys.eventTypes(queue), "invoice.paid", EventKeys.ACTIVE);
        fixture.redis.hset(EventKeys.eventTypes(queue), "invoice.old", EventKeys.ARCHIVED);
        HookshotProducer producer = fixture.producer(queue);

        assertThat(producer.publish(of("invoice.paid")).value()).startsWith("evt_");
        assertThatThrownBy(() -> producer.publish(of("invoice.lost")))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("type"))
                .hasMessageContaining(
                        "event type 'invoice.lost' is not in the catalogue (hookshot:" + queue + ":event-types)")
                .hasMessageContaining("HOOKSHOT_EVENT_TYPES_STRICT=false");
        assertThatThrownBy(() -> producer.publish(of("invoice.old")))
                .hasMessageContaining("event type 'invoice.old' is archived");
        assertThatThrownBy(() -> producer.publishAll(List.of(of("invoice.paid"), of("nope"))))
                .hasMessageStartingWith("event 1 of a batch of 2");
        assertThat(fixture.keysMatching("{hookshot:" + queue + ":*}:events")).hasSize(1);
        assertThat(fixture.redis.xlen(fixture.keysMatching("{hookshot:" + queue + ":*}:events")
                        .getFirst()))
                .isEqualTo(1);
    }

    @Test
    void unstrictTypesPublishAnyType() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(
                ProducerConfig.defaults(fixture.redisUrl).withQueue(queue).withEventTypesStrict(false));

        assertThat(producer.publish(of("never.registered")).value()).startsWith("evt_");
    }

    @Test
    void aTypeRegisteredOrArchivedCountsWithinASecond() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        assertThatThrownBy(() -> producer.publish(of("late.type"))).isInstanceOf(InvalidEventException.class);

        fixture.redis.hset(EventKeys.eventTypes(queue), "late.type", EventKeys.ACTIVE);
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .ignoreException(InvalidEventException.class)
                .until(() -> producer.publish(of("late.type")) != null);

        fixture.redis.hset(EventKeys.eventTypes(queue), "late.type", EventKeys.ARCHIVED);
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThatThrownBy(() -> producer.publish(of("late.type")))
                        .hasMessageContaining("archived"));
    }
}
