package io.hookshot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.outbox.JdbcOutbox;
import io.hookshot.producer.outbox.OutboxRelay;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestServers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.clients.jedis.RedisClient;

/** The outbox's beans against a real PostgreSQL and Redis: which are made, when, and that the relay runs. */
@ExtendWith(RealServers.class)
class HookshotOutboxAutoConfigurationIT {
    private static final String URL = "https://receiver.example.com/hooks";

    private final TestServers servers;
    private final ApplicationContextRunner withDatabase;

    HookshotOutboxAutoConfigurationIT(TestServers servers) {
        this.servers = servers;
        TestDatabase database = servers.database();
        this.withDatabase = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        HookshotAutoConfiguration.class,
                        HookshotOutboxAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "hookshot.queue=" + servers.queue());
    }

    private static long rowsOf(DataSource dataSource, String table) throws Exception {
        try (Connection c = dataSource.getConnection();
                var rows = c.createStatement().executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void noOutboxWithoutADataSource() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(HookshotAutoConfiguration.class, HookshotOutboxAutoConfiguration.class))
                .withPropertyValues("hookshot.outbox.relay.enabled=true")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(JdbcOutbox.class)
                        .doesNotHaveBean(OutboxRelay.class));
    }

    @Test
    void anOutboxOnTheConfiguredTableCreatedWhenAskedAndNoRelayUnlessEnabled() {
        withDatabase
                .withPropertyValues("hookshot.outbox.table-name=orders_outbox", "hookshot.outbox.create-table=true")
                .run(context -> {
                    assertThat(context.getBean(JdbcOutbox.class).tableName()).isEqualTo("orders_outbox");
                    assertThat(rowsOf(context.getBean(DataSource.class), "orders_outbox"))
                            .isZero();
                    assertThat(context).doesNotHaveBean(OutboxRelay.class);
                });
    }

    @Test
    void noRelayWithoutAProducerEvenWhenEnabled() {
        withDatabase
                .withPropertyValues("hookshot.outbox.relay.enabled=true")
                .run(context -> assertThat(context)
                        .hasSingleBean(JdbcOutbox.class)
                        .doesNotHaveBean(HookshotProducer.class)
                        .doesNotHaveBean(OutboxRelay.class));
    }

    @Test
    void anEnabledRelayMovesCommittedRowsToRedisWhileTheContextRuns() {
        String table = "relayed_outbox";
        withDatabase
                .withPropertyValues(
                        "hookshot.redis-url=" + servers.redisUrl(),
                        "hookshot.outbox.table-name=" + table,
                        "hookshot.outbox.create-table=true",
                        "hookshot.outbox.relay.enabled=true",
                        "hookshot.outbox.relay.poll-interval=50ms",
                        "hookshot.outbox.relay.batch-size=10")
                .run(context -> {
                    assertThat(context).hasSingleBean(OutboxRelayLifecycle.class);
                    assertThat(context.getBean(OutboxRelayLifecycle.class).isRunning())
                            .isTrue();
                    DataSource dataSource = context.getBean(DataSource.class);
                    MessageId id;
                    try (Connection c = dataSource.getConnection()) {
                        id = context.getBean(JdbcOutbox.class)
                                .send(c, Message.builder(URL).payload("{}").build());
                    }
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(
                                    () -> assertThat(rowsOf(dataSource, table)).isZero());
                    try (RedisClient redis = RedisClient.create(URI.create(servers.redisUrl()))) {
                        RedisKeys keys = new RedisKeys(
                                servers.queue(),
                                Endpoints.partitionOf(
                                        Endpoints.keyOf(URI.create(URL)), ProducerConfig.DEFAULT_PARTITIONS));
                        assertThat(redis.exists(keys.job(id.value()))).isTrue();
                    }
                });
        assertThat(relayThread(table))
                .as("the relay's thread ends with the context")
                .isEmpty();
    }

    @Test
    void theRelaysGaugeCountsTheRowsWaitingInItsTable() {
        String table = "slow_outbox";
        withDatabase
                .withConfiguration(AutoConfigurations.of(HookshotOutboxMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "hookshot.redis-url=" + servers.redisUrl(),
                        "hookshot.outbox.table-name=" + table,
                        "hookshot.outbox.create-table=true",
                        "hookshot.outbox.relay.enabled=true",
                        "hookshot.outbox.relay.poll-interval=1h")
                .run(context -> {
                    Gauge waiting = context.getBean(MeterRegistry.class)
                            .get(OutboxRelayMeters.ROWS_WAITING)
                            .gauge();
                    // the relay's first batch found nothing; it waits an hour before its next
                    await().atMost(Duration.ofSeconds(30)).until(() -> waitsForItsNextBatch(table));
                    assertThat(waiting.value()).isZero();
                    try (Connection c = context.getBean(DataSource.class).getConnection()) {
                        context.getBean(JdbcOutbox.class)
                                .send(c, Message.builder(URL).payload("{}").build());
                    }
                    assertThat(waiting.value()).isEqualTo(1);
                });
        withDatabase
                .withConfiguration(AutoConfigurations.of(HookshotOutboxMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("hookshot.redis-url=" + servers.redisUrl())
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxRelayMeters.class));
    }

    /** Whether the relay of {@code table} waits between batches (parked in {@code OutboxRelay.stopsWithin}). */
    private static boolean waitsForItsNextBatch(String table) {
        return relayThread(table)
                .filter(t -> t.getState() == Thread.State.TIMED_WAITING)
                .map(t -> Arrays.stream(t.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().equals(OutboxRelay.class.getName())
                                && frame.getMethodName().equals("stopsWithin")))
                .orElse(false);
    }

    private static Optional<Thread> relayThread(String table) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("hookshot-outbox-relay-" + table))
                .findFirst();
    }

    @Test
    void badOutboxValuesStopTheStartNamingTheProperty() {
        withDatabase
                .withPropertyValues("hookshot.outbox.table-name=drop table")
                .run(context -> assertThat(context)
                        .getFailure()
                        .satisfies(failure -> assertThat(HookshotPropertiesTest.messagesOf(failure))
                                .contains("hookshot.outbox.table-name: tableName must be")));
        withDatabase
                .withPropertyValues(
                        "hookshot.redis-url=" + servers.redisUrl(),
                        "hookshot.outbox.relay.enabled=true",
                        "hookshot.outbox.relay.batch-size=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .satisfies(failure -> assertThat(HookshotPropertiesTest.messagesOf(failure))
                                .contains("hookshot.outbox.relay.batch-size: batchSize must be 1 to 1000")));
    }
}
