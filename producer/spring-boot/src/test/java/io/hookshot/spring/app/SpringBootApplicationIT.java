package io.hookshot.spring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.spring.ProducerMeters;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/**
 * A real Spring Boot application ({@link OrdersApplication}) on a real Redis and PostgreSQL: its
 * {@code @Transactional} {@link OrderService} stores an order and publishes its event, which waits in Redis for the
 * workers; the producer's health and meters are in the application's.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringBootApplicationIT {
    private static final String TENANT = "acme";

    private ConfigurableApplicationContext application;
    private TestServers servers;
    private RedisClient redis;

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
                        "--spring.datasource.url=" + database.jdbcUrl(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password());
        application.getBean(JdbcTemplate.class).execute("create table orders (id bigint primary key, tenant text)");
    }

    @AfterAll
    void stop() {
        application.close();
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
    void aTransactionalServiceStoresTheOrderAndPublishesItsEvent() {
        MeterRegistry registry = application.getBean(MeterRegistry.class);
        double publishedBefore =
                registry.get(ProducerMeters.PUBLISHED).counter().count();
        EventId id = application.getBean(OrderService.class).placeOrder(42, TENANT);

        JdbcTemplate jdbc = application.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("select tenant from orders where id = 42", String.class))
                .isEqualTo(TENANT);
        assertThat(eventsOf(TENANT))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(id.value())
                .contains("order.placed");

        assertThat(registry.get(ProducerMeters.PUBLISHED).counter().count()).isEqualTo(publishedBefore + 1);
        assertThat(registry.get(ProducerMeters.LATENCY)
                        .tag("operation", "publish")
                        .timer()
                        .count())
                .isPositive();
    }

    @Test
    void theProducersHealthIsTheApplications() {
        HealthIndicator health = application.getBean("hookshotHealthIndicator", HealthIndicator.class);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(application.getBean(HookshotProducer.class).config().queue()).isEqualTo(servers.queue());
    }

    @Test
    void aFailedInsertRollsBackAndPublishesNothing() {
        OrderService orders = application.getBean(OrderService.class);
        orders.placeOrder(7, "globex");
        assertThatThrownBy(() -> orders.placeOrder(7, "globex")).isInstanceOf(DuplicateKeyException.class);
        assertThat(eventsOf("globex")).hasSize(1);
    }
}
