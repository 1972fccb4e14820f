package io.hookshot.producer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.ReadmeExample;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/**
 * The README's "Transactional outbox" example is this class's {@link #readmeExample} body, word for word, and it runs
 * on PostgreSQL: the order and its webhook commit together, and the relay it starts enqueues the webhook.
 */
@ExtendWith(RealServers.class)
class ReadmeOutboxExampleIT {
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_FILE =
            Path.of("src", "test", "java", "io", "hookshot", "producer", "outbox", "ReadmeOutboxExampleIT.java");
    private static final String RELAY_THREAD = "hookshot-outbox-relay-" + JdbcOutbox.DEFAULT_TABLE_NAME;

    @SuppressWarnings("unused") // the README's example keeps the id; the test finds the message in Redis
    private static void readmeExample(DataSource dataSource, HookshotProducer hookshot) throws SQLException {
        // README:begin
        JdbcOutbox outbox = new JdbcOutbox(); // table hookshot_outbox; stateless and thread-safe: share one
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement order =
                    connection.prepareStatement("INSERT INTO orders (id, total) VALUES (?, ?)")) {
                order.setLong(1, 42);
                order.setLong(2, 1999);
                order.executeUpdate();
            }
            MessageId id = outbox.send(
                    connection,
                    Message.builder("https://example.com/hooks/orders")
                            .payload("{\"order\":42}")
                            .build());
            connection.commit(); // the order and its webhook, or neither
        }
        // In the application, or let a worker do it (HOOKSHOT_OUTBOX_DATABASE_URL):
        OutboxRelay relay = new OutboxRelay(dataSource, hookshot, OutboxRelay.Settings.defaults());
        relay.start(); // relay.close() when the application stops
        // README:end
    }

    @Test
    void theReadmeShowsThisExampleWordForWord() {
        ReadmeExample.assertShownWordForWord(README, "JdbcOutbox outbox = new JdbcOutbox();", THIS_FILE);
    }

    @Test
    void theReadmeExampleCommitsTheOrderAndTheRelayEnqueuesItsWebhook(TestServers servers) throws Exception {
        DataSource dataSource = OutboxDatabase.POSTGRESQL.dataSource(servers);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, total BIGINT NOT NULL)");
            JdbcOutbox.createTableIfMissing(c);
        }
        ProducerConfig config = ProducerConfig.defaults(servers.redisUrl()).withQueue(TestServers.newQueue());
        try (HookshotProducer hookshot = HookshotProducer.create(config);
                RedisClient redis = RedisClient.create(URI.create(servers.redisUrl()))) {
            readmeExample(dataSource, hookshot);
            try {
                String endpoint = Endpoints.keyOf(URI.create("https://example.com/hooks/orders"));
                RedisKeys keys = new RedisKeys(config.queue(), Endpoints.partitionOf(endpoint, config.partitions()));
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.llen(keys.ready(endpoint)) == 1);
                List<String> ready = redis.lrange(keys.ready(endpoint), 0, -1);
                assertThat(redis.hget(keys.job(ready.getFirst()), "data")).contains("order");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> count(dataSource, JdbcOutbox.DEFAULT_TABLE_NAME) == 0);
                assertThat(count(dataSource, "orders")).isOne();
            } finally {
                stopTheExamplesRelay();
            }
        }
    }

    private static long count(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The example leaves its relay running, as an application would; interrupting its thread stops it. */
    private static void stopTheExamplesRelay() throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(RELAY_THREAD)) {
                t.interrupt();
                t.join(Duration.ofSeconds(10));
            }
        }
    }
}
