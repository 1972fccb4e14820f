package io.hookshot.producer.outbox;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.events.EventCodec;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.producer.Event;
import io.hookshot.producer.Message;
import java.net.URI;
import java.time.Instant;

/**
 * The body column of an outbox row: a {@link Message} stored as the queue's own job JSON ({@link JobCodec}), an
 * {@link Event} as the events stream's JSON ({@link EventCodec}), and back. The id goes in with the body, so a relay
 * enqueues exactly what was committed, under the id {@code send} returned.
 *
 * <p>Read back, a message or event without an idempotency key of its own gets its id as its key: the queue then
 * stores it once within the producer's idempotency window however often a relay sends it (a relay that dies after
 * enqueuing and before deleting the row sends it again), even after it was delivered and left Redis. Stateless.
 */
final class OutboxBodies {
    private OutboxBodies() {}

    /** The body of a message that passed the producer's rules (its URL is an absolute http(s) URI). */
    static String of(Message m, Instant createdAt) {
        return JobCodec.encode(new Job(
                m.id(),
                URI.create(m.url()),
                m.headers(),
                m.payload(),
                m.contentType(),
                m.retrySchedule(),
                m.idempotencyKey(),
                m.signingSecrets(),
                createdAt));
    }

    /** The body of an event that passed the producer's rules. */
    static String of(Event e, Instant createdAt) {
        return EventCodec.encode(new PublishedEvent(
                e.id(),
                new TenantId(e.tenant()),
                new EventTypeName(e.type()),
                e.payload(),
                e.channels(),
                e.idempotencyKey(),
                createdAt));
    }

    /** The message a row holds, due at {@code dueAtMs} (epoch ms) when not null. */
    static Message message(String body, Long dueAtMs) {
        Job job = JobCodec.decode(body);
        Message.Builder b = Message.builder(job.url().toString())
                .id(job.id())
                .payload(job.payload())
                .contentType(job.contentType())
                .idempotencyKey(job.idempotencyKey().orElse(job.id().value()));
        job.headers().forEach(b::header);
        job.retrySchedule().ifPresent(b::retrySchedule);
        if (!job.signingSecrets().isEmpty()) {
            b.signingSecrets(
                    job.signingSecrets().stream().map(SigningSecret::encoded).toList());
        }
        if (dueAtMs != null) {
            b.dueAt(Instant.ofEpochMilli(dueAtMs));
        }
        return b.build();
    }

    /** The event a row holds. */
    static Event event(String body) {
        PublishedEvent e = EventCodec.decode(body);
        return Event.builder(e.type().value())
                .id(e.id())
                .tenant(e.tenant().value())
                .payload(e.payload())
                .channels(e.channels())
                .idempotencyKey(e.idempotencyKey().orElse(e.id().value()))
                .build();
    }
}
