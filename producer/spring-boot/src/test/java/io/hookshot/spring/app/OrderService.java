package io.hookshot.spring.app;

import io.hookshot.common.events.EventId;
import io.hookshot.producer.Event;
import io.hookshot.producer.outbox.JdbcOutbox;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

// The README's Spring Boot example, word for word between the markers (ReadmeSpringBootTest checks it).
// README:begin
@Service
public class OrderService {
    private final JdbcTemplate jdbc;
    private final JdbcOutbox outbox;

    public OrderService(JdbcTemplate jdbc, JdbcOutbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Transactional
    public EventId placeOrder(long orderId, String tenant) {
        jdbc.update("insert into orders (id, tenant) values (?, ?)", orderId, tenant);
        Event placed = Event.builder("order.placed")
                .tenant(tenant)
                .payload("{\"order\":" + orderId + "}")
                .build();
        // on the transaction's connection: relayed to Redis once it commits, never if it rolls back
        return jdbc.execute((ConnectionCallback<EventId>) connection -> outbox.publish(connection, placed));
    }
}
// README:end
