package io.hookshot.spring;

import io.hookshot.producer.HookshotProducer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code hookshot} health indicator ({@link HookshotHealthIndicator}), when the application has Spring Boot's
 * health support and a producer bean, unless {@code management.health.hookshot.enabled=false}.
 */
@AutoConfiguration(after = HookshotAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(HookshotProducer.class)
@ConditionalOnEnabledHealthIndicator("hookshot")
public class HookshotHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "hookshotHealthIndicator")
    public HookshotHealthIndicator hookshotHealthIndicator(HookshotProducer producer) {
        return new HookshotHealthIndicator(producer);
    }
}
