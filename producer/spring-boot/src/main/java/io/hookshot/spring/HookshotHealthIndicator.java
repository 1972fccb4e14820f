package io.hookshot.spring;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up while Redis answers the producer's {@link HookshotProducer#ping() PING}; down, with the error, while it does not.
 * Its details name the queue, its partitions and Redis (the URL without its password). Thread-safe.
 */
public final class HookshotHealthIndicator extends AbstractHealthIndicator {
    private final HookshotProducer producer;

    public HookshotHealthIndicator(HookshotProducer producer) {
        super("Hookshot's Redis cannot be reached");
        this.producer = producer;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        producer.ping();
        ProducerConfig config = producer.config();
        builder.up()
                .withDetail("redis", config.redactedRedisUrl())
                .withDetail("queue", config.queue())
                .withDetail("partitions", config.partitions());
    }
}
