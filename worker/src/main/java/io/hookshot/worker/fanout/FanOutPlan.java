package io.hookshot.worker.fanout;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.Job;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.PublishedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The messages one event becomes: one per endpoint of its tenant that {@linkplain MirroredEndpoint#accepts accepts}
 * it (enabled, subscribed to its type, sharing a channel when limited to channels), in endpoint id order. Pure.
 *
 * <p>Each message's id is {@link io.hookshot.common.events.EventId#messageIdFor} of the endpoint, the same on every
 * run; its idempotency key is the event id, which the queue scopes to the message's endpoint key, the endpoint id.
 * So a fan-out run again after a crash stores no second message, even of one already delivered and gone from Redis
 * (the key outlives it). It carries the endpoint's URL and headers, the secrets that sign at {@code now}, the event's
 * payload and creation time, its {@link EventOrigin}, and the trace context the event was published in.
 */
final class FanOutPlan {
    private FanOutPlan() {}

    static List<Job> messages(PublishedEvent event, List<MirroredEndpoint> endpoints, Instant now) {
        byte[] payload = event.payload().getBytes(StandardCharsets.UTF_8);
        List<Job> jobs = new ArrayList<>();
        endpoints.stream()
                .filter(e -> e.tenant().equals(event.tenant()))
                .filter(e -> e.accepts(event.type().value(), event.channels()))
                .sorted(Comparator.comparing(e -> e.id().value()))
                .forEach(e -> jobs.add(message(event, payload, e, now)));
        return jobs;
    }

    /** The message of {@code event} to {@code endpoint}, whether or not the endpoint accepts it (a test send). */
    static Job message(PublishedEvent event, MirroredEndpoint endpoint, Instant now) {
        return message(event, event.payload().getBytes(StandardCharsets.UTF_8), endpoint, now);
    }

    private static Job message(PublishedEvent event, byte[] payload, MirroredEndpoint e, Instant now) {
        return new Job(
                event.id().messageIdFor(e.id()),
                e.url(),
                e.headers(),
                payload,
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.of(event.id().value()),
                e.secretsAt(now),
                event.createdAt(),
                Optional.of(new EventOrigin(
                        event.id().value(),
                        e.id().value(),
                        event.tenant().value(),
                        event.type().value())),
                event.trace());
    }
}
