package io.hookshot.producer.outbox;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One outbox test's world: a fresh outbox table on a real database, a producer on a fresh queue in the test Redis,
 * and a Redis client to see what the relay enqueued. Close it after the test; not thread-safe.
 */
final class OutboxFixture implements AutoCloseable {
    static final String URL = "https://receiver.example.com/hooks/orders";
    static final String TENANT = "acme";

    final DataSource dataSource;
    final String table = OutboxDatabase.newTable();
    final JdbcOutbox outbox;
    final ProducerConfig config;
    final HookshotProducer producer;
    final RedisClient redis;

    OutboxFixture(OutboxDatabase database, TestServers servers) throws SQLException {
        this(database, servers, ProducerConfig.defaults(servers.redisUrl()));
    }

    OutboxFixture(OutboxDatabase database, TestServers servers, ProducerConfig base) throws SQLException {
        this.dataSource = database.dataSource(servers);
        this.outbox = OutboxDatabase.createdOn(dataSource, table);
        this.config = base.withQueue(TestServers.newQueue()).withEventTypesStrict(false);
        this.producer = HookshotProducer.create(config);
        this.redis = RedisClient.create(URI.create(servers.redisUrl()));
    }

    OutboxRelay relay(int batchSize) {
        return new OutboxRelay(
                dataSource,
                producer,
                new OutboxRelay.Settings(table, batchSize, OutboxRelay.Settings.DEFAULT_POLL_INTERVAL));
    }

    static Message message(int n) {
        return Message.builder(URL).payload("{\"order\":" + n + "}").build();
    }

    /** Runs {@code work} in a transaction and commits it. */
    void commit(Work work) throws SQLException {
        inTransaction(work, true);
    }

    /** Runs {@code work} in a transaction and rolls it back. */
    void rollBack(Work work) throws SQLException {
        inTransaction(work, false);
    }

    private void inTransaction(Work work, boolean commit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        }
    }

    RedisKeys keysOf(String url) {
        return new RedisKeys(
                config.queue(), Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)), config.partitions()));
    }

    /** The ids ready to deliver to {@link #URL}'s endpoint, in queue order. */
    List<String> readyIds() {
        return redis.lrange(keysOf(URL).ready(Endpoints.keyOf(URI.create(URL))), 0, -1);
    }

    boolean jobStored(String id) {
        return redis.exists(keysOf(URL).job(id));
    }

    /** The ids of the events waiting in {@link #TENANT}'s events stream, in stream order. */
    List<String> publishedEventIds() {
        RedisKeys keys =
                new RedisKeys(config.queue(), EventKeys.partitionOf(new TenantId(TENANT), config.partitions()));
        return redis.xrange(keys.events(), (StreamEntryID) null, (StreamEntryID) null).stream()
                .map(StreamEntry::getFields)
                .map(f -> f.get("id"))
                .toList();
    }

    long rowsLeft() throws SQLException {
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement();
                var r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        producer.close();
        redis.close();
        OutboxDatabase.drop(dataSource, table);
    }

    /** Work on a connection, in a transaction. */
    interface Work {
        void run(Connection c) throws SQLException;
    }
}
