package io.hookshot.worker.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker's outbox relay end to end on PostgreSQL: an application commits a message to its outbox table, and a
 * worker configured with {@code HOOKSHOT_OUTBOX_DATABASE_URL} relays it to the queue and delivers it to a real
 * receiver; a rolled-back one is never delivered.
 */
@ExtendWith(RealServers.class)
class OutboxRelayServiceIT {
    private static final String TABLE = "app_outbox";

    @Test
    void aCommittedRowIsDeliveredAndARolledBackOneNever(TestServers servers) throws SQLException {
        TestDatabase db = servers.database();
        JdbcOutbox outbox = new JdbcOutbox(TABLE);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerFixture fixture = new WorkerFixture(servers); // migrates the history into the empty schema
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            try (Connection c = connect(db)) {
                JdbcOutbox.createTableIfMissing(c, TABLE); // the application's table, beside the history here
            }
            Map<String, String> env = fixture.env(Map.of(
                    OutboxRelayConfig.URL, db.jdbcUrl(),
                    OutboxRelayConfig.USER, db.user(),
                    OutboxRelayConfig.PASSWORD, db.password(),
                    OutboxRelayConfig.TABLE, TABLE,
                    OutboxRelayConfig.POLL_INTERVAL, "50ms"));
            Message committed = Message.builder(receiver.url("/hooks/orders"))
                    .payload("{\"order\":1}")
                    .build();
            Message rolledBack = Message.builder(receiver.url("/hooks/orders"))
                    .payload("{\"order\":2}")
                    .build();
            try (Connection c = connect(db)) {
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
                        .tag("table", TABLE)
                        .gauge();
                await().atMost(Duration.ofSeconds(10)).until(() -> waiting.value() == 0.0);
                assertThat(registry.scrape()).contains("hookshot_outbox_rows_waiting{table=\"app_outbox\"} 0.0");
            }
            assertThat(receiver.delivered()).containsExactly(committed.id().value());
            assertThat(receiver.successes(committed.id().value())).isOne();
        }
    }

    private static Connection connect(TestDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
