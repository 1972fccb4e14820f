package io.hookshot.worker.store;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.Outbox;
import io.hookshot.common.events.EventCodec;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.worker.queue.AttemptRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbox entries written by hand, with the fields the scripts write. Every record of a message carries its creation
 * time, as the scripts of this release write them: the one its accepted record gave, else {@code defaultCreated};
 * without one (the first constructor) attempt and stalled records carry none, as an earlier release's scripts wrote
 * them. Test scope; thread-safe.
 */
final class Entries {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String queue;
    private final Long defaultCreated;
    private final Map<String, Long> created = new ConcurrentHashMap<>();

    /** Entries whose attempt and stalled records carry no creation time (an earlier release's). */
    Entries(String queue) {
        this(queue, null);
    }

    Entries(String queue, Long defaultCreated) {
        this.queue = queue;
        this.defaultCreated = defaultCreated;
    }

    OutboxEntry accepted(String id, String url, long created, long due, long at) {
        this.created.put(id, created);
        return entry(
                Outbox.TYPE,
                Outbox.ACCEPTED,
                Outbox.ID,
                id,
                Outbox.URL,
                url,
                Outbox.CREATED,
                String.valueOf(created),
                Outbox.DUE,
                String.valueOf(due),
                Outbox.AT,
                String.valueOf(at));
    }

    /** An accepted record of a message made by fan-out, as {@code enqueue} writes it with the origin's fields. */
    OutboxEntry accepted(String id, String url, long created, long due, long at, EventOrigin o) {
        OutboxEntry e = accepted(id, url, created, due, at);
        e = with(with(e, Outbox.EVENT_ID, o.eventId()), Outbox.ENDPOINT_ID, o.endpointId());
        return with(with(e, Outbox.TENANT, o.tenant()), Outbox.EVENT_TYPE, o.eventType());
    }

    /** An event record as {@code fanned} writes it. */
    OutboxEntry event(PublishedEvent event, int endpoints, long at) {
        return entry(
                Outbox.TYPE,
                Outbox.EVENT,
                Outbox.ID,
                event.id().value(),
                Outbox.DATA,
                EventCodec.encode(event),
                Outbox.ENDPOINTS,
                String.valueOf(endpoints),
                Outbox.AT,
                String.valueOf(at));
    }

    OutboxEntry attempt(String id, int n, MessageStatus outcome, AttemptRecord data, long at) {
        return withCreated(entry(
                Outbox.TYPE,
                Outbox.ATTEMPT,
                Outbox.ID,
                id,
                Outbox.ATTEMPT_NO,
                String.valueOf(n),
                Outbox.OUTCOME,
                outcome.dbValue(),
                Outbox.DATA,
                data.toJson(),
                Outbox.AT,
                String.valueOf(at)));
    }

    OutboxEntry retrying(String id, int n, AttemptRecord data, long due, long at) {
        return with(attempt(id, n, MessageStatus.RETRYING, data, at), Outbox.DUE, String.valueOf(due));
    }

    OutboxEntry dead(String id, int n, AttemptRecord data, String reason, String job, long at) {
        return with(with(attempt(id, n, MessageStatus.DEAD, data, at), Outbox.REASON, reason), Outbox.JOB, job);
    }

    /** A stalled record as {@code reap} writes it for a job that will be retried. */
    OutboxEntry stalled(String id, int n, long at) {
        return withCreated(entry(
                Outbox.TYPE,
                Outbox.STALLED,
                Outbox.ID,
                id,
                Outbox.ATTEMPT_NO,
                String.valueOf(n),
                Outbox.OUTCOME,
                "retrying",
                Outbox.DUE,
                String.valueOf(at),
                Outbox.AT,
                String.valueOf(at)));
    }

    /** A stalled record as {@code release} writes it. */
    OutboxEntry released(String id, int n, long at) {
        return with(stalled(id, n, at), Outbox.REASON, "released at worker shutdown");
    }

    /** A stalled record as {@code reap} writes it for a job that stalled too often. */
    OutboxEntry stalledDead(String id, int n, String job, long at) {
        return withCreated(entry(
                Outbox.TYPE,
                Outbox.STALLED,
                Outbox.ID,
                id,
                Outbox.ATTEMPT_NO,
                String.valueOf(n),
                Outbox.OUTCOME,
                "dead",
                Outbox.REASON,
                "stalled 3 times: its worker lost the lease each time",
                Outbox.JOB,
                job,
                Outbox.AT,
                String.valueOf(at)));
    }

    /** {@code entry} with the message's creation time, as the scripts of this release write every record of it. */
    static OutboxEntry created(OutboxEntry entry, long created) {
        return with(entry, Outbox.CREATED, String.valueOf(created));
    }

    private OutboxEntry withCreated(OutboxEntry entry) {
        Long c = created.getOrDefault(entry.fields().get(Outbox.ID), defaultCreated);
        return c == null ? entry : created(entry, c);
    }

    OutboxEntry entry(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new OutboxEntry(SEQUENCE.incrementAndGet() + "-0", queue, 0, fields);
    }

    static OutboxEntry with(OutboxEntry entry, String name, String value) {
        Map<String, String> fields = new LinkedHashMap<>(entry.fields());
        fields.put(name, value);
        return new OutboxEntry(entry.streamId(), entry.queue(), entry.partition(), fields);
    }
}
