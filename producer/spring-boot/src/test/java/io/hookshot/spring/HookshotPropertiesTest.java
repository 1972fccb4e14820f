package io.hookshot.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.ReplicaAcks;
import io.hookshot.producer.outbox.JdbcOutbox;
import io.hookshot.producer.outbox.OutboxRelay;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code hookshot.*} properties bind to the producer's settings, and a bad value stops the application with an
 * error naming the property. No Redis is needed: the settings are checked before the producer connects.
 */
class HookshotPropertiesTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HookshotAutoConfiguration.class));

    /** Binds the properties alone: the producer would connect to Redis. */
    @EnableConfigurationProperties(HookshotProperties.class)
    static class PropertiesOnly {}

    private final ApplicationContextRunner binder =
            new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class);

    @Test
    void everyPropertyBindsToItsProducerSetting() {
        binder.withPropertyValues(
                        "hookshot.redis-url=redis://127.0.0.1:6399/3",
                        "hookshot.queue=orders",
                        "hookshot.partitions=32",
                        "hookshot.max-payload=1MB",
                        "hookshot.idempotency-window=2h",
                        "hookshot.redis-pool-size=4",
                        "hookshot.event-types-strict=false",
                        "hookshot.enqueue-replicas=1",
                        "hookshot.enqueue-replica-timeout=250ms")
                .run(context -> assertThat(
                                context.getBean(HookshotProperties.class).toProducerConfig())
                        .isEqualTo(new ProducerConfig(
                                "redis://127.0.0.1:6399/3",
                                "orders",
                                32,
                                1024 * 1024,
                                Duration.ofHours(2),
                                4,
                                false,
                                new ReplicaAcks(1, Duration.ofMillis(250)))));
    }

    @Test
    void theOutboxPropertiesBindToItsTableAndRelaySettings() {
        binder.withPropertyValues(
                        "hookshot.outbox.table-name=orders_outbox",
                        "hookshot.outbox.create-table=true",
                        "hookshot.outbox.relay.enabled=true",
                        "hookshot.outbox.relay.batch-size=10",
                        "hookshot.outbox.relay.poll-interval=250ms")
                .run(context -> {
                    HookshotProperties properties = context.getBean(HookshotProperties.class);
                    assertThat(properties.toJdbcOutbox().tableName()).isEqualTo("orders_outbox");
                    assertThat(properties.getOutbox().isCreateTable()).isTrue();
                    assertThat(properties.getOutbox().getRelay().isEnabled()).isTrue();
                    assertThat(properties.toRelaySettings("orders_outbox"))
                            .isEqualTo(new OutboxRelay.Settings("orders_outbox", 10, Duration.ofMillis(250)));
                });
        binder.run(context -> {
            HookshotProperties properties = context.getBean(HookshotProperties.class);
            assertThat(properties.getOutbox().isCreateTable()).isFalse();
            assertThat(properties.getOutbox().getRelay().isEnabled()).isFalse();
            assertThat(properties.toRelaySettings(JdbcOutbox.DEFAULT_TABLE_NAME))
                    .isEqualTo(OutboxRelay.Settings.defaults());
        });
    }

    @Test
    void unsetPropertiesTakeTheProducersDefaults() {
        binder.withPropertyValues("hookshot.redis-url=redis://127.0.0.1:6399")
                .run(context -> assertThat(
                                context.getBean(HookshotProperties.class).toProducerConfig())
                        .isEqualTo(ProducerConfig.defaults("redis://127.0.0.1:6399")));
    }

    @Test
    void withoutARedisUrlThereIsNoProducer() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(HookshotProperties.class);
            assertThat(context).doesNotHaveBean(ProducerConfig.class).doesNotHaveBean(HookshotProducer.class);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            hookshot.redis-url=ftp://127.0.0.1:6379      | hookshot.redis-url
            hookshot.redis-url=                          | hookshot.redis-url is required
            hookshot.queue=no spaces                     | hookshot.queue
            hookshot.partitions=0                        | hookshot.partitions must be from 1 to 1024, got 0
            hookshot.partitions=many                     | hookshot.partitions
            hookshot.max-payload=100MB                   | hookshot.max-payload must be from 1B to 64MB
            hookshot.idempotency-window=400d             | hookshot.idempotency-window must be from 1ms to
            hookshot.idempotency-window=a while          | hookshot.idempotency-window
            hookshot.redis-pool-size=2000                | hookshot.redis-pool-size must be from 1 to 1024
            hookshot.event-types-strict=maybe            | hookshot.event-types-strict
            hookshot.enqueue-replicas=17                 | hookshot.enqueue-replicas must be from 0 to 16, got 17
            hookshot.enqueue-replica-timeout=2m          | hookshot.enqueue-replica-timeout must be from 1ms
            hookshot.outbox.relay.poll-interval=soon     | hookshot.outbox.relay.poll-interval
            """)
    void aBadValueStopsTheStartNamingTheProperty(String property, String error) {
        runner.withPropertyValues("hookshot.redis-url=redis://127.0.0.1:6399", property)
                .run(context -> assertThat(context)
                        .getFailure()
                        .satisfies(failure -> assertThat(messagesOf(failure)).contains(error)));
    }

    /** The messages of a failure and its causes, one per line. */
    static String messagesOf(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
