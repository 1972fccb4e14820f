package io.hookshot.spring;

import io.hookshot.producer.ProducerListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The producer's meters ({@link ProducerMeters}) in the application's Micrometer {@link MeterRegistry}, when it has
 * Micrometer and a registry bean (Spring Boot's metrics auto-configuration makes one, or the application does).
 */
@AutoConfiguration(
        before = HookshotAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
public class HookshotMetricsAutoConfiguration {

    /** The meters, counted and timed by the producer bean through its {@link ProducerListener}. */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(ProducerListener.class)
    public ProducerMeters hookshotProducerMeters(MeterRegistry registry) {
        return new ProducerMeters(registry);
    }
}
