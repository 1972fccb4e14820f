package io.hookshot.worker.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hookshot.producer.Message;
import io.hookshot.producer.outbox.JdbcOutbox;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.OutboxRelayConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker's outbox relay end to end: an application commits a message to its outbox table, and a worker
 * configured with {@code HOOKSHOT_OUTBOX_DATABASE_URL} relays it to the queue and delivers it to a real receiver; a
 * rolled-back one is never delivered. On PostgreSQL, and on the machine's MariaDB (skipped when it does not answer),
 * whose driver the worker ships.
 */
@ExtendWith(RealServers.class)
class OutboxRelayServiceIT {
    private static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";

    @Test
    void aCommittedRowOnPostgresqlIsDeliveredAndARolledBackOneNever(TestServers servers) throws SQLException {
        TestDatabase db = servers.database();
        try (WorkerFixture fixture = new WorkerFixture(servers)) { // migrates the history into the empty schema
            // The application's table, beside the history here.
            relaysAndDelivers(fixture, new Outbox(db.jdbcUrl(), db.user(), db.password(), "app_outbox"));
        }
    }

    @Test
    void aCommittedRowOnMariadbIsDeliveredAndARolledBackOneNever(TestServers servers) throws SQLException {
        Outbox outbox = new Outbox(
                MARIADB_URL,
                "root",
                "",
                "outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        assumeTrue(outbox.answers(), "MariaDB does not answer at " + MARIADB_URL + " as root: test skipped");
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            relaysAndDelivers(fixture, outbox);
        } finally {
            try (Connection c = outbox.connect();
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + outbox.table);
            }
        }
    }

    private static void relaysAndDelivers(WorkerFixture fixture, Outbox db) throws SQLException {
        JdbcOutbox outbox = new JdbcOutbox(db.table);
        try (Connection c = db.connect()) {
            JdbcOutbox.createTableIfMissing(c, db.table);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TestReceiver receiver = TestReceiver.alwaysOk()) {
            Map<String, String> env = fixture.env(Map.of(
                    OutboxRelayConfig.URL, db.url,
                    OutboxRelayConfig.USER, db.user,
                    OutboxRelayConfig.PASSWORD, db.password,
                    OutboxRelayConfig.TABLE, db.table,
                    OutboxRelayConfig.POLL_INTERVAL, "50ms"));
            Message committed = Message.builder(receiver.url("/hooks/orders"))
                    .payload("{\"order\":1}")
                    .build();
            Message rolledBack = Message.builder(receiver.url("/hooks/orders"))
                    .payload("{\"order\":2}")
                    .build();
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                outbox.send(c, rolledBack);
                c.rollback();
                outbox.send(c, committed);
                c.commit();
            }

            try (Worker worker = Worker.start(fixture.config(Map.of()), registry);
                    OutboxRelayService relay = OutboxRelayService.start(
                            OutboxRelayConfig.fromEnvironment(env).orElseThrow(), registry)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                receiver.delivered().contains(committed.id().value()));
                fixture.awaitFinal(List.of(committed.id().value()), Duration.ofSeconds(30));
                Gauge waiting = registry.get(OutboxRelayService.ROWS_WAITING)
                        .tag("table", db.table)
                        .gauge();
                await().atMost(Duration.ofSeconds(10)).until(() -> waiting.value() == 0.0);
                assertThat(registry.scrape()).contains("hookshot_outbox_rows_waiting{table=\"" + db.table + "\"} 0.0");
            }
            assertThat(receiver.delivered()).containsExactly(committed.id().value());
            assertThat(receiver.successes(committed.id().value())).isOne();
        }
    }

    /** The application's database and its outbox table. */
    private record Outbox(String url, String user, String password, String table) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        boolean answers() {
            try (Connection c = connect()) {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }
    }
}
