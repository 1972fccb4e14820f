package io.hookshot.spring.app;

import io.hookshot.common.events.EventId;
import io.hookshot.producer.Event;
import io.hookshot.producer.HookshotProducer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

// The README's Spring Boot example, word for word between the markers (ReadmeSpringBootIT checks it).
// README:begin
@Service
public class OrderService {
    private final JdbcTemplate jdbc;
    private final HookshotProducer hookshot;

    public OrderService(JdbcTemplate jdbc, HookshotProducer hookshot) {
        this.jdbc = jdbc;
        this.hookshot = hookshot;
    }

    @Transactional
    public EventId placeOrder(long orderId, String tenant) {
        jdbc.update("insert into orders (id, tenant) values (?, ?)", orderId, tenant);
        return hookshot.publish(Event.builder("order.placed")
                .tenant(tenant)
                .payload("{\"order\":" + orderId + "}")
                .idempotencyKey("order-" + orderId + "-placed") // a retried call publishes no second event
                .build());
    }
}
// README:end
