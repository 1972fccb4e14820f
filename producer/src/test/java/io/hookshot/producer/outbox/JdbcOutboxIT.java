package io.hookshot.producer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.MessageId;
import io.hookshot.common.events.EventId;
import io.hookshot.producer.Event;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the outbox promises, on real PostgreSQL and MariaDB with a real Redis behind the relay. */
@ExtendWith(RealServers.class)
class JdbcOutboxIT {

    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void aRolledBackTransactionNeverSends(OutboxDatabase database, TestServers servers) throws SQLException {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            Message message = OutboxFixture.message(1);
            f.rollBack(c -> f.outbox.send(c, message));

            assertThat(f.relay(10).relayOnce()).isZero();
            assertThat(f.jobStored(message.id().value())).isFalse();
            assertThat(f.readyIds()).isEmpty();
            assertThat(f.rowsLeft()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void aCommittedMessageIsEnqueuedOnceUnderTheIdSendReturned(OutboxDatabase database, TestServers servers)
            throws SQLException {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            List<MessageId> ids = new ArrayList<>();
            f.commit(c -> ids.add(f.outbox.send(c, OutboxFixture.message(1))));
            OutboxRelay relay = f.relay(10);

            assertThat(relay.rowsWaiting()).isOne();
            assertThat(relay.relayOnce()).isOne();
            assertThat(relay.relayOnce()).isZero();
            assertThat(f.readyIds()).containsExactly(ids.getFirst().value());
            assertThat(f.redis.hget(
                            f.keysOf(OutboxFixture.URL).job(ids.getFirst().value()), "data"))
                    .contains("{\\\"order\\\":1}");
            assertThat(f.rowsLeft()).isZero();
            assertThat(relay.rowsWaiting()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void aCommittedEventIsPublishedOnceUnderTheIdPublishReturned(OutboxDatabase database, TestServers servers)
            throws SQLException {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            List<EventId> ids = new ArrayList<>();
            f.commit(c -> ids.add(f.outbox.publish(
                    c,
                    Event.builder("invoice.paid")
                            .tenant(OutboxFixture.TENANT)
                            .payload("{\"invoice\":7}")
                            .build())));

            assertThat(f.relay(10).relayOnce()).isOne();
            assertThat(f.publishedEventIds()).containsExactly(ids.getFirst().value());
            assertThat(f.rowsLeft()).isZero();
        }
    }

    /** A relay that died after enqueuing and before its delete committed sends the row again: nothing changes. */
    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void sendingARowAgainAfterItsMessageLeftRedisStoresNothing(OutboxDatabase database, TestServers servers)
            throws SQLException {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            Message message = OutboxFixture.message(1);
            Event event = Event.builder("invoice.paid")
                    .tenant(OutboxFixture.TENANT)
                    .payload("{}")
                    .build();
            f.commit(c -> {
                f.outbox.send(c, message);
                f.outbox.publish(c, event);
            });
            assertThat(f.relay(10).relayOnce()).isEqualTo(2);
            // As if a worker delivered it: the job and its place in the queue are gone from Redis.
            String id = message.id().value();
            f.redis.del(f.keysOf(OutboxFixture.URL).job(id));
            f.redis.lrem(f.keysOf(OutboxFixture.URL).ready("https://receiver.example.com:443"), 0, id);
            // The same rows again, as a relay killed before its delete committed leaves them.
            f.commit(c -> {
                f.outbox.send(c, message);
                f.outbox.publish(c, event);
            });

            assertThat(f.relay(10).relayOnce()).isEqualTo(2);
            assertThat(f.jobStored(id)).as("no second job").isFalse();
            assertThat(f.readyIds()).isEmpty();
            assertThat(f.publishedEventIds()).containsExactly(event.id().value());
            assertThat(f.rowsLeft()).isZero();
        }
    }

    /** As documented: one relay enqueues rows in insert order, so an endpoint's queue (and a tenant's events) keep it. */
    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void oneRelayKeepsInsertOrderPerEndpointAndPerTenant(OutboxDatabase database, TestServers servers)
            throws SQLException {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            List<String> messages = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int n = i;
                f.commit(c -> {
                    messages.add(f.outbox.send(c, OutboxFixture.message(n)).value());
                    events.add(f.outbox
                            .publish(
                                    c,
                                    Event.builder("invoice.paid")
                                            .tenant(OutboxFixture.TENANT)
                                            .payload("{\"n\":" + n + "}")
                                            .build())
                            .value());
                });
            }
            OutboxRelay relay = f.relay(7); // several batches

            int relayed = 0;
            for (int batch = 0; batch < 20 && relay.rowsWaiting() > 0; batch++) {
                relayed += relay.relayOnce();
            }

            assertThat(relayed).isEqualTo(50);
            assertThat(f.readyIds()).containsExactlyElementsOf(messages);
            assertThat(f.publishedEventIds()).containsExactlyElementsOf(events);
        }
    }

    /** A row the relay's producer refuses stays, marked with why, and does not hold up the rows after it. */
    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void aRefusedRowStaysWithItsReasonAndTheRestGoOn(OutboxDatabase database, TestServers servers) throws SQLException {
        ProducerConfig strict = ProducerConfig.defaults(servers.redisUrl()).withMaxPayloadBytes(100);
        try (OutboxFixture f = new OutboxFixture(database, servers, strict)) {
            Message big = Message.builder(OutboxFixture.URL)
                    .payload("{\"pad\":\"" + "x".repeat(200) + "\"}")
                    .build();
            Message small = OutboxFixture.message(2);
            f.commit(c -> {
                f.outbox.send(c, big);
                f.outbox.send(c, small);
            });
            OutboxRelay relay = f.relay(10);

            assertThat(relay.relayOnce()).isOne();
            assertThat(f.readyIds()).containsExactly(small.id().value());
            assertThat(relay.rowsWaiting()).isZero();
            assertThat(relay.relayOnce()).isZero();
            assertThat(f.rowsLeft()).isOne();
            try (var c = f.dataSource.getConnection();
                    var s = c.createStatement();
                    var r = s.executeQuery("SELECT id, refused FROM " + f.table)) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo(big.id().value());
                assertThat(r.getString(2)).contains("payload").contains("100 bytes");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OutboxDatabase.class)
    void anInvalidMessageIsRefusedAtSendAndNothingIsInserted(OutboxDatabase database, TestServers servers)
            throws SQLException {
        try (OutboxFixture f = new OutboxFixture(database, servers)) {
            assertThatThrownBy(() -> f.commit(c -> f.outbox.send(
                            c,
                            Message.builder("ftp://example.com/x").payload("{}").build())))
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("http");
            assertThat(f.rowsLeft()).isZero();
        }
    }
}
