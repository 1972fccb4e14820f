package io.hookshot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.ProducerListener;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration's beans against a real Redis: which are made, when, and what they do. */
@ExtendWith(RealServers.class)
class HookshotAutoConfigurationIT {
    private final TestServers servers;
    private final ApplicationContextRunner runner;

    HookshotAutoConfigurationIT(TestServers servers) {
        this.servers = servers;
        this.runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        HookshotAutoConfiguration.class,
                        HookshotMetricsAutoConfiguration.class,
                        HookshotHealthAutoConfiguration.class))
                .withPropertyValues("hookshot.redis-url=" + servers.redisUrl(), "hookshot.queue=" + servers.queue());
    }

    private static Message message() {
        return Message.builder("https://receiver.example.com/hooks")
                .payload("{}")
                .build();
    }

    @Test
    void makesAProducerOnTheConfiguredQueueAndClosesItWithTheContext() {
        HookshotProducer[] kept = new HookshotProducer[1];
        runner.withPropertyValues("hookshot.partitions=16").run(context -> {
            HookshotProducer producer = context.getBean(HookshotProducer.class);
            assertThat(producer.config().queue()).isEqualTo(servers.queue());
            assertThat(producer.send(message()).value()).startsWith("msg_");
            kept[0] = producer;
        });
        assertThatThrownBy(() -> kept[0].send(message()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theApplicationsOwnBeansComeFirst() {
        ProducerConfig own = ProducerConfig.defaults(servers.redisUrl()).withQueue(TestServers.newQueue());
        runner.withBean(ProducerConfig.class, () -> own)
                .run(context -> assertThat(
                                context.getBean(HookshotProducer.class).config())
                        .isSameAs(own));
        runner.withBean("myProducer", HookshotProducer.class, () -> HookshotProducer.create(own))
                .run(context -> {
                    assertThat(context).hasSingleBean(HookshotProducer.class).hasBean("myProducer");
                    assertThat(context).hasSingleBean(HookshotHealthIndicator.class);
                });
    }

    @Test
    void countsAndTimesSendsInTheApplicationsMeterRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(ProducerMeters.class);
            HookshotProducer producer = context.getBean(HookshotProducer.class);
            producer.sendAll(java.util.List.of(message(), message()));
            assertThatThrownBy(() -> producer.send(Message.builder("ftp://x/").build()))
                    .isInstanceOf(InvalidMessageException.class);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(ProducerMeters.SENT).counter().count()).isEqualTo(2);
            assertThat(registry.get(ProducerMeters.PUBLISHED).counter().count()).isZero();
            assertThat(registry.get(ProducerMeters.FAILURES)
                            .tag("operation", "send")
                            .tag("reason", "invalid")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get(ProducerMeters.FAILURES)
                            .tag("operation", "send")
                            .tag("reason", "redis")
                            .counter()
                            .count())
                    .isZero();
            assertThat(registry.get(ProducerMeters.LATENCY)
                            .tag("operation", "send")
                            .timer()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get(ProducerMeters.LATENCY)
                            .tag("operation", "send")
                            .timer()
                            .totalTime(TimeUnit.NANOSECONDS))
                    .isPositive();
        });
    }

    @Test
    void noMetersWithoutARegistryOrWithoutMicrometer() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ProducerListener.class));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProducerListener.class));
    }

    @Test
    void theHealthIndicatorIsUpWhileRedisAnswersAndDownWhileItDoesNot() {
        URI redis = URI.create(servers.redisUrl());
        try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort())) {
            runner.withPropertyValues("hookshot.redis-url=redis://" + redis.getHost() + ":" + proxy.port())
                    .run(context -> {
                        HealthIndicator health = context.getBean("hookshotHealthIndicator", HealthIndicator.class);
                        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                        assertThat(health.health().getDetails())
                                .containsEntry("queue", servers.queue())
                                .containsEntry("partitions", ProducerConfig.DEFAULT_PARTITIONS);

                        proxy.block();
                        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                        proxy.unblock();
                        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    });
        }
    }

    @Test
    void noHealthIndicatorWhenDisabledOrWithoutSpringBootHealth() {
        runner.withPropertyValues("management.health.hookshot.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(HookshotProducer.class)
                        .doesNotHaveBean(HookshotHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(HookshotProducer.class)
                        .doesNotHaveBean(HookshotHealthIndicator.class));
    }

    @Test
    void aRedisThatCannotBeReachedStopsTheStart() {
        runner.withPropertyValues("hookshot.redis-url=redis://127.0.0.1:1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .satisfies(failure -> assertThat(HookshotPropertiesTest.messagesOf(failure))
                                .contains("hookshotProducer")
                                .contains("Redis")));
    }
}
