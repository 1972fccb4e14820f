package io.hookshot.spring;

import io.hookshot.producer.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The relay's gauge ({@link OutboxRelayMeters}), when the application runs a relay and has a Micrometer registry. */
@AutoConfiguration(after = {HookshotOutboxAutoConfiguration.class, HookshotMetricsAutoConfiguration.class})
@ConditionalOnClass(MeterRegistry.class)
public class HookshotOutboxMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({OutboxRelay.class, MeterRegistry.class})
    public OutboxRelayMeters hookshotOutboxRelayMeters(OutboxRelay relay, MeterRegistry registry) {
        return new OutboxRelayMeters(relay, registry);
    }
}
