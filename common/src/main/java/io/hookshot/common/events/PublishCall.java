package io.hookshot.common.events;

import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The KEYS and ARGV of one run of the {@code publish} script, laid out exactly as {@code publish.lua}'s header
 * documents them: the one place that lays them out, used by the producer and by tests that drive the script.
 * Immutable.
 *
 * @param id   the event the call publishes
 * @param keys KEYS[1..2]
 * @param args ARGV[1..7]
 */
public record PublishCall(EventId id, List<String> keys, List<String> args) {
    public PublishCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }

    /**
     * The call appending {@code event} to the events stream of its tenant's partition of {@code queue} (of
     * {@code partitions}); {@code idempotencyWindow}: how long its idempotency key, if any, maps to it.
     */
    public static PublishCall of(String queue, int partitions, PublishedEvent event, Duration idempotencyWindow) {
        return of(queue, partitions, event, idempotencyWindow, Optional.empty());
    }

    /**
     * As {@link #of(String, int, PublishedEvent, Duration)}, for an event whose fan-out and messages a producer awaits
     * when {@code outcome} is given.
     */
    public static PublishCall of(
            String queue,
            int partitions,
            PublishedEvent event,
            Duration idempotencyWindow,
            Optional<OutcomeRequest> outcome) {
        RedisKeys keys = new RedisKeys(queue, EventKeys.partitionOf(event.tenant(), partitions));
        String idempotencyKey = event.idempotencyKey().orElse("");
        return new PublishCall(
                event.id(),
                List.of(keys.events(), keys.eventIdempotency(event.tenant().value(), idempotencyKey)),
                List.of(
                        event.id().value(),
                        EventCodec.encode(event),
                        idempotencyKey,
                        Long.toString(idempotencyWindow.toMillis()),
                        RedisKeys.wakeChannel(queue),
                        keys.events(),
                        outcome.map(OutcomeRequest::wireForm).orElse("")));
    }

    /** KEYS[1], the events stream: names the partition, for routing the call or a script load to its node. */
    public String streamKey() {
        return keys.getFirst();
    }
}
