package io.hookshot.spring;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.outbox.JdbcOutbox;
import io.hookshot.producer.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The transactional outbox, when the application has a {@link DataSource}: a {@link JdbcOutbox} bean, which writes
 * messages and events into the table {@code hookshot.outbox.table-name} in the caller's transaction (and creates it at
 * start when {@code hookshot.outbox.create-table=true}), and, when {@code hookshot.outbox.relay.enabled=true} and there
 * is a producer, an {@link OutboxRelay} on the same DataSource, run from the context's start to its stop
 * ({@link OutboxRelayLifecycle}).
 */
@AutoConfiguration(
        after = HookshotAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBean(DataSource.class)
public class HookshotOutboxAutoConfiguration {

    /** The outbox; stateless, on the configured table. */
    @Bean
    @ConditionalOnMissingBean
    public JdbcOutbox hookshotOutbox(HookshotProperties properties, DataSource dataSource) throws SQLException {
        JdbcOutbox outbox = properties.toJdbcOutbox();
        if (properties.getOutbox().isCreateTable()) {
            try (Connection connection = dataSource.getConnection()) {
                JdbcOutbox.createTableIfMissing(connection, outbox.tableName());
            }
        }
        return outbox;
    }

    /** The relay, emptying the outbox bean's table into Redis through the producer; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(HookshotProducer.class)
    @ConditionalOnProperty(prefix = HookshotProperties.Outbox.PREFIX + ".relay", name = "enabled", havingValue = "true")
    public OutboxRelay hookshotOutboxRelay(
            HookshotProperties properties, DataSource dataSource, HookshotProducer producer, JdbcOutbox outbox) {
        return new OutboxRelay(dataSource, producer, properties.toRelaySettings(outbox.tableName()));
    }

    /** Starts the relay once the context has started, and stops it first when the context stops. */
    @Bean
    @ConditionalOnBean(OutboxRelay.class)
    public OutboxRelayLifecycle hookshotOutboxRelayLifecycle(OutboxRelay relay) {
        return new OutboxRelayLifecycle(relay);
    }
}
