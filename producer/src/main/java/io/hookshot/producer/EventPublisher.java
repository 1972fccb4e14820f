package io.hookshot.producer;

import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.PublishCall;
import io.hookshot.common.events.PublishedEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The publishing half of {@link HookshotProducer}: checks events ({@link EventValidator}, and their types against the
 * catalogue while {@link ProducerConfig#eventTypesStrict()}), then appends each to its tenant's events stream
 * ({@link PublishScript}). Thread-safe.
 */
final class EventPublisher {
    private final ProducerConfig config;
    private final Clock clock;
    private final EventValidator validator;
    private final EventTypeCatalogue eventTypes;
    private final PublishScript script;

    EventPublisher(ProducerConfig config, UnifiedJedis redis, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.validator = new EventValidator(config.maxPayloadBytes());
        this.eventTypes = new EventTypeCatalogue(redis, config.queue(), config.eventTypesStrict());
        this.script = new PublishScript(redis, config.replicaAcks());
    }

    /**
     * Publishes {@code events} in one pipelined round trip, each carrying {@code outcome} when its outcome is awaited,
     * and returns their ids in order.
     *
     * @throws InvalidEventException when an event breaks a rule or its type may not be published; nothing published
     * @throws ProducerException     when Redis fails; some events may be published
     */
    List<EventId> publish(List<Event> events, Optional<OutcomeRequest> outcome) {
        List<PublishedEvent> valid = validator.validateAll(events, clock.instant(), CurrentTrace.capture());
        if (valid.isEmpty()) {
            return List.of();
        }
        eventTypes.check(valid);
        List<PublishCall> batch = new ArrayList<>(valid.size());
        for (PublishedEvent e : valid) {
            batch.add(PublishCall.of(config.queue(), config.partitions(), e, config.idempotencyWindow(), outcome));
        }
        return List.copyOf(script.run(batch));
    }

    /** Loads the publish script on the node holding {@code sampleKey} ({@link PublishScript#load}). */
    void load(String sampleKey) {
        script.load(sampleKey);
    }
}
