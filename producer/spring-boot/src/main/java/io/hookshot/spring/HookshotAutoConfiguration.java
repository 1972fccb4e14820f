package io.hookshot.spring;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.ProducerListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Binds the {@code hookshot.*} properties and, when {@code hookshot.redis-url} is set (or the application has a
 * {@link ProducerConfig} bean of its own), makes the {@link HookshotProducer} bean: one for the whole application,
 * closed when the context closes, telling the application's {@link ProducerListener} bean (the meters of
 * {@link HookshotMetricsAutoConfiguration}, when there is a Micrometer registry) how each call went. Every bean
 * gives way to one of the application's own.
 */
@AutoConfiguration
@EnableConfigurationProperties(HookshotProperties.class)
public class HookshotAutoConfiguration {

    /** The producer's settings from the {@code hookshot.*} properties; an error names the property to fix. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = HookshotProperties.PREFIX, name = "redis-url")
    public ProducerConfig hookshotProducerConfig(HookshotProperties properties) {
        return properties.toProducerConfig();
    }

    /** The producer, connected to Redis at start (a Redis that cannot be reached fails the start); closed at the end. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(ProducerConfig.class)
    public HookshotProducer hookshotProducer(ProducerConfig config, ObjectProvider<ProducerListener> listener) {
        return HookshotProducer.create(config, listener.getIfUnique(() -> ProducerListener.NONE));
    }
}
