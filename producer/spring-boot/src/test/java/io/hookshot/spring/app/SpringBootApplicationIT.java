package io.hookshot.spring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.outbox.OutboxRelay;
import io.hookshot.spring.OutboxRelayMeters;
import io.hookshot.spring.ProducerMeters;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * A real Spring Boot application ({@link OrdersApplication}, configured by the README's properties) on a real Redis
 * and PostgreSQL: its {@code @Transactional} {@link OrderService} stores an order and its event in one transaction,
 * and the relay moves the event to Redis once that commits, never when it rolls back. The producer's health and meters
 * are in the application's.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringBootApplicationIT {
    private static final Duration RELAYED_WITHIN = Duration.ofSeconds(30);

    private ConfigurableApplicationContext application;
    private TestServers servers;
    private RedisClient redis;
    private JdbcTemplate jdbc;

    @BeforeAll
    void start(TestServers servers) {
        this.servers = servers;
        redis = RedisClient.create(URI.create(servers.redisUrl()));
        redis.hset(EventKeys.eventTypes(servers.queue()), "order.placed", EventKeys.ACTIVE);
        TestDatabase database = servers.database();
        // command-line arguments come before application.properties (the README's), whose servers are not the tests'
        application = new SpringApplicationBuilder(OrdersApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--hookshot.redis-url=" + servers.redisUrl(),
                        "--hookshot.queue=" + servers.queue(),
                        "--hookshot.outbox.relay.poll-interval=100ms",
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password());
        jdbc = application.getBean(JdbcTemplate.class);
        jdbc.execute("create table orders (id bigint primary key, tenant text)");
    }

    @AfterAll
    void stop() {
        if (application != null) {
            application.close();
        }
        redis.close();
    }

    private List<String> eventsOf(String tenant) {
        RedisKeys keys = new RedisKeys(
                servers.queue(), EventKeys.partitionOf(new TenantId(tenant), ProducerConfig.DEFAULT_PARTITIONS));
        return redis.xrange(keys.events(), (StreamEntryID) null, null).stream()
                .map(entry -> entry.getFields().toString())
                .toList();
    }

    @Test
    void aCommittedOrdersEventIsRelayedToRedis() {
        MeterRegistry registry = application.getBean(MeterRegistry.class);
        double publishedBefore =
                registry.get(ProducerMeters.PUBLISHED).counter().count();

        EventId id = application.getBean(OrderService.class).placeOrder(42, "acme");

        assertThat(jdbc.queryForObject("select tenant from orders where id = 42", String.class))
                .isEqualTo("acme");
        await().atMost(RELAYED_WITHIN)
                .untilAsserted(() -> assertThat(eventsOf("acme"))
                        .singleElement()
                        .asString()
                        .contains(id.value())
                        .contains("order.placed"));
        await().atMost(RELAYED_WITHIN)
                .untilAsserted(
                        () -> assertThat(application.getBean(OutboxRelay.class).rowsWaiting())
                                .isZero());
        assertThat(registry.get(ProducerMeters.PUBLISHED).counter().count()).isEqualTo(publishedBefore + 1);
        assertThat(registry.get(OutboxRelayMeters.ROWS_WAITING).gauge().value()).isZero();
    }

    @Test
    void aRolledBackOrdersEventIsNeverRelayed() {
        OrderService orders = application.getBean(OrderService.class);
        TransactionTemplate transaction = application.getBean(TransactionTemplate.class);
        transaction.executeWithoutResult(status -> {
            orders.placeOrder(7, "globex");
            status.setRollbackOnly();
        });
        // a later order of the same tenant is relayed: the relay has passed, and the first never was
        EventId committed = orders.placeOrder(8, "globex");

        // the relay deletes rows once it has enqueued them: an empty table means every committed row is in Redis
        await().atMost(RELAYED_WITHIN)
                .untilAsserted(() -> assertThat(jdbc.queryForObject("select count(*) from hookshot_outbox", Long.class))
                        .isZero());
        assertThat(eventsOf("globex")).singleElement().asString().contains(committed.value());
        assertThat(jdbc.queryForObject("select count(*) from orders where id = 7", Long.class))
                .isZero();
    }

    @Test
    void theProducersHealthIsTheApplications() {
        HealthIndicator health = application.getBean("hookshotHealthIndicator", HealthIndicator.class);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(application.getBean(HookshotProducer.class).config().queue()).isEqualTo(servers.queue());
    }
}
