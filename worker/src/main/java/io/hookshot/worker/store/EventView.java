package io.hookshot.worker.store;

import java.time.Instant;
import java.util.List;

/**
 * A published event as the history knows it ({@code hookshot_event}): written once a worker has fanned it out.
 * Immutable.
 *
 * @param endpoints   how many endpoints the fan-out made a message for
 * @param fannedOutAt when a worker fanned it out (Redis server clock)
 */
public record EventView(
        String id,
        String queue,
        String tenant,
        String eventType,
        String payload,
        List<String> channels,
        String idempotencyKey,
        Instant createdAt,
        int endpoints,
        Instant fannedOutAt) {
    public EventView {
        channels = List.copyOf(channels);
    }
}
