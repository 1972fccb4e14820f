package io.hookshot.worker.store;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.Outbox;
import io.hookshot.common.events.EventCodec;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.worker.queue.AttemptRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * An outbox entry decoded into what it says happened. Pure: decoding touches neither Redis nor Postgres.
 *
 * <ol>
 *   <li>{@link Accepted}: {@code enqueue} stored the job (for a message made by fan-out, with its origin).</li>
 *   <li>{@link Attempted}: a worker settled attempt {@code n} with an outcome and the attempt's details.</li>
 *   <li>{@link Stalled}: the worker holding attempt {@code n} since its claim lost its lease (it died, hung, or gave
 *       the job back at shutdown); the job is due again at once, or dead after too many stalls.</li>
 *   <li>{@link FannedOut}: a worker fanned a published event out to {@code endpoints} endpoints (its id is the
 *       event's).</li>
 * </ol>
 */
sealed interface OutboxRecord {
    String messageId();

    /** When the script wrote the record (Redis server clock). */
    Instant at();

    /**
     * When the producer created the message (the history's partition key): every record of a message says the same;
     * empty on an attempt or stalled record written by a script of a release before that field (or of a job whose
     * creation time the script could not read).
     */
    Optional<Instant> createdAt();

    record Accepted(
            String messageId, String url, Instant created, Instant due, Instant at, Optional<EventOrigin> origin)
            implements OutboxRecord {
        @Override
        public Optional<Instant> createdAt() {
            return Optional.of(created);
        }
    }

    record Attempted(
            String messageId,
            Optional<Instant> createdAt,
            int attempt,
            MessageStatus outcome,
            AttemptRecord data,
            Optional<Instant> due,
            Optional<String> reason,
            Optional<String> job,
            Instant at)
            implements OutboxRecord {}

    /** {@code claimedAt}: when the lease was claimed; empty for a lease taken by a worker that did not store it. */
    record Stalled(
            String messageId,
            Optional<Instant> createdAt,
            int attempt,
            MessageStatus outcome,
            Optional<String> reason,
            Optional<Instant> due,
            Optional<String> job,
            Optional<Instant> claimedAt,
            Instant at)
            implements OutboxRecord {}

    /** {@code createdAt}: the event's. */
    record FannedOut(String messageId, PublishedEvent event, int endpoints, Instant at) implements OutboxRecord {
        @Override
        public Optional<Instant> createdAt() {
            return Optional.of(event.createdAt());
        }
    }

    /** Decodes one entry; throws {@link MalformedOutboxEntryException} naming what is wrong with it. */
    static OutboxRecord decode(OutboxEntry entry) {
        String type = required(entry, Outbox.TYPE);
        String id = required(entry, Outbox.ID);
        Instant at = instant(entry, Outbox.AT);
        return switch (type) {
            case Outbox.ACCEPTED ->
                new Accepted(
                        id,
                        required(entry, Outbox.URL),
                        instant(entry, Outbox.CREATED),
                        instant(entry, Outbox.DUE),
                        at,
                        origin(entry));
            case Outbox.ATTEMPT ->
                new Attempted(
                        id,
                        optionalInstant(entry, Outbox.CREATED),
                        attemptNo(entry),
                        outcome(entry),
                        data(entry),
                        optionalInstant(entry, Outbox.DUE),
                        entry.field(Outbox.REASON),
                        entry.field(Outbox.JOB),
                        at);
            case Outbox.STALLED ->
                new Stalled(
                        id,
                        optionalInstant(entry, Outbox.CREATED),
                        attemptNo(entry),
                        outcome(entry),
                        entry.field(Outbox.REASON),
                        optionalInstant(entry, Outbox.DUE),
                        entry.field(Outbox.JOB),
                        optionalInstant(entry, Outbox.CLAIMED),
                        at);
            case Outbox.EVENT -> {
                int endpoints = count(entry, Outbox.ENDPOINTS);
                yield new FannedOut(id, event(entry), endpoints, at);
            }
            default -> throw new MalformedOutboxEntryException(entry, "unknown record type '" + type + "'");
        };
    }

    /** A fan-out message's origin: all four fields, or none (a message sent to a URL). */
    private static Optional<EventOrigin> origin(OutboxEntry entry) {
        Optional<String> event = entry.field(Outbox.EVENT_ID);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EventOrigin(
                event.get(),
                required(entry, Outbox.ENDPOINT_ID),
                required(entry, Outbox.TENANT),
                required(entry, Outbox.EVENT_TYPE)));
    }

    private static PublishedEvent event(OutboxEntry entry) {
        try {
            return EventCodec.decode(required(entry, Outbox.DATA));
        } catch (IllegalArgumentException e) {
            throw new MalformedOutboxEntryException(entry, "event data cannot be decoded: " + e.getMessage());
        }
    }

    private static int count(OutboxEntry entry, String field) {
        String text = required(entry, field);
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedOutboxEntryException(entry, "field '" + field + "' is not a count: '" + text + "'");
    }

    private static String required(OutboxEntry entry, String field) {
        return entry.field(field)
                .orElseThrow(() -> new MalformedOutboxEntryException(entry, "field '" + field + "' is missing"));
    }

    private static int attemptNo(OutboxEntry entry) {
        String text = required(entry, Outbox.ATTEMPT_NO);
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MalformedOutboxEntryException(entry, "attempt number '" + text + "' is not a positive integer");
    }

    private static MessageStatus outcome(OutboxEntry entry) {
        String text = required(entry, Outbox.OUTCOME);
        return switch (text) {
            case "delivered" -> MessageStatus.DELIVERED;
            case "retrying" -> MessageStatus.RETRYING;
            case "dead" -> MessageStatus.DEAD;
            default -> throw new MalformedOutboxEntryException(entry, "unknown outcome '" + text + "'");
        };
    }

    private static AttemptRecord data(OutboxEntry entry) {
        try {
            AttemptRecord data = AttemptRecord.fromJson(required(entry, Outbox.DATA));
            if (data.url() == null) {
                throw new MalformedOutboxEntryException(entry, "attempt data has no url");
            }
            return data;
        } catch (IllegalArgumentException e) {
            throw new MalformedOutboxEntryException(entry, e.getMessage());
        }
    }

    private static Instant instant(OutboxEntry entry, String field) {
        return optionalInstant(entry, field)
                .orElseThrow(() -> new MalformedOutboxEntryException(entry, "field '" + field + "' is missing"));
    }

    private static Optional<Instant> optionalInstant(OutboxEntry entry, String field) {
        Optional<String> text = entry.field(field).filter(t -> !t.isEmpty());
        try {
            return text.map(t -> Instant.ofEpochMilli(Long.parseLong(t)));
        } catch (NumberFormatException e) {
            throw new MalformedOutboxEntryException(
                    entry, "field '" + field + "' is not epoch milliseconds: '" + text.get() + "'");
        }
    }
}
