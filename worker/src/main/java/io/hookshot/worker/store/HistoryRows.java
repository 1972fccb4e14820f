package io.hookshot.worker.store;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.store.OutboxRecord.Accepted;
import io.hookshot.worker.store.OutboxRecord.Attempted;
import io.hookshot.worker.store.OutboxRecord.FannedOut;
import io.hookshot.worker.store.OutboxRecord.Stalled;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rows a batch of outbox records becomes, merged per key before they reach SQL (one multi-row upsert may not
 * touch a row twice): per message the newest state by {@link #newer}, which mirrors the message upsert's
 * {@code where} clause; the first row per attempt and per dead letter, as {@code on conflict do nothing} keeps.
 * Every list is sorted by message id, so concurrent exporters lock rows in the same order. Every row of a message
 * gets the same {@code createdAt}, its row's key, from the keys given ({@link HistoryBatch#rows}). Not thread-safe
 * while being built; pure.
 *
 * <p>A message accepted and attempted in the same batch is written once: its accepted record's origin is folded into
 * its state row ({@link #states()}), whose upsert also fills it into a row stored before this batch; the accepted
 * record is then not in {@link #accepted()}.
 */
final class HistoryRows {
    /** What a stalled attempt's error message says when the record gives no reason. */
    static final String LEASE_EXPIRED = "lease expired before the worker reported a result";
    /** Error class of an attempt whose worker lost its lease. */
    static final String STALLED = "stalled";
    /** Error class of an attempt its worker gave back at shutdown (the record's reason starts with this). */
    static final String RELEASED = "released";
    /** Dead-letter reason when a dead record gives none. */
    static final String NO_REASON = "dead";

    /**
     * The state of a message after an attempt ({@code hookshot_message}); {@code createdAt} is its row's key. A new
     * row gets {@code origin} from an accepted record in the same batch.
     */
    record StateRow(
            String id,
            String queue,
            String url,
            MessageStatus status,
            int attempts,
            Instant nextAttemptAt,
            Instant createdAt,
            Instant at,
            Instant finishedAt,
            Integer lastStatusCode,
            String lastError,
            Optional<EventOrigin> origin) {
        StateRow withAcceptance(AcceptedRow a) {
            return new StateRow(
                    id,
                    queue,
                    url,
                    status,
                    attempts,
                    nextAttemptAt,
                    createdAt,
                    at,
                    finishedAt,
                    lastStatusCode,
                    lastError,
                    a.origin().or(() -> origin));
        }
    }

    /** A message as enqueued ({@code hookshot_message}, status pending); a fan-out message with its origin. */
    record AcceptedRow(
            String id,
            String queue,
            String url,
            Instant due,
            Instant createdAt,
            Instant at,
            Optional<EventOrigin> origin) {}

    /** A fanned-out event ({@code hookshot_event}). */
    record EventRow(String id, String queue, PublishedEvent event, int endpoints, Instant fannedOutAt) {}

    /** One attempt ({@code hookshot_attempt}). */
    record AttemptRow(
            String messageId,
            int attempt,
            Instant startedAt,
            int durationMs,
            String url,
            Integer statusCode,
            String errorClass,
            String errorMessage,
            Map<String, String> headers,
            String body,
            String workerId,
            MessageStatus outcome) {}

    /** A dead message ({@code hookshot_dead_letter}); {@code createdAt}: its message row's key. */
    record DeadLetterRow(
            String messageId,
            Instant createdAt,
            String queue,
            String url,
            String reason,
            String job,
            int attempts,
            Instant diedAt) {}

    private record AttemptKey(String messageId, int attempt) {}

    private final Map<String, AcceptedRow> accepted = new TreeMap<>();
    private final Map<String, StateRow> states = new TreeMap<>();
    private final Map<AttemptKey, AttemptRow> attempts =
            new TreeMap<>(Comparator.comparing(AttemptKey::messageId).thenComparingInt(AttemptKey::attempt));
    private final Map<String, DeadLetterRow> deadLetters = new TreeMap<>();
    private final Map<String, EventRow> events = new TreeMap<>();
    /** Message id to its row's key (created_at); holds every message the records name. */
    private final Map<String, Instant> keys;

    HistoryRows(Map<String, Instant> keys) {
        this.keys = Map.copyOf(keys);
    }

    /**
     * Which of two states of one message to keep: a higher attempt number wins; at the same number the candidate
     * wins unless the current state closes its attempt: it is final, or pending again at attempt n &gt; 0, which only
     * a replay makes (its series starts at n + 1, so every record of attempts up to n belongs to the dead series).
     */
    static StateRow newer(StateRow current, StateRow candidate) {
        if (candidate.attempts() > current.attempts()
                || candidate.attempts() == current.attempts() && !closesItsAttempt(current.status())) {
            return candidate;
        }
        return current;
    }

    private static boolean closesItsAttempt(MessageStatus status) {
        return status.isFinal() || status == MessageStatus.PENDING;
    }

    /** Accepted records of messages that have no state row in this batch. */
    List<AcceptedRow> accepted() {
        return accepted.values().stream()
                .filter(a -> !states.containsKey(a.id()))
                .toList();
    }

    /** The newest state of each message, with the origin of its accepted record folded in. */
    List<StateRow> states() {
        return states.values().stream().map(this::withAcceptance).toList();
    }

    List<AttemptRow> attempts() {
        return List.copyOf(attempts.values());
    }

    List<DeadLetterRow> deadLetters() {
        return List.copyOf(deadLetters.values());
    }

    List<EventRow> events() {
        return List.copyOf(events.values());
    }

    /** The first record of an event wins, as {@code on conflict do nothing} keeps the first row. */
    void add(String queue, FannedOut f) {
        events.putIfAbsent(f.messageId(), new EventRow(f.messageId(), queue, f.event(), f.endpoints(), f.at()));
    }

    void add(String queue, Accepted a) {
        accepted.merge(
                a.messageId(),
                new AcceptedRow(
                        a.messageId(), queue, Text.clean(a.url()), a.due(), key(a.messageId()), a.at(), a.origin()),
                (x, y) -> x);
    }

    void add(String queue, Attempted a) {
        AttemptRecord data = a.data();
        String url = Text.clean(data.url());
        String error = Text.clean(data.errorMessage() != null ? data.errorMessage() : data.errorClass());
        addState(new StateRow(
                a.messageId(),
                queue,
                url,
                a.outcome(),
                a.attempt(),
                nextAttemptAt(a.outcome(), a.due()),
                key(a.messageId()),
                a.at(),
                finishedAt(a.outcome(), a.at()),
                data.statusCode(),
                error,
                Optional.empty()));
        attempts.putIfAbsent(
                new AttemptKey(a.messageId(), a.attempt()),
                new AttemptRow(
                        a.messageId(),
                        a.attempt(),
                        Instant.ofEpochMilli(data.startedAtMs()),
                        clampToInt(data.durationMs()),
                        url,
                        data.statusCode(),
                        Text.clean(data.errorClass()),
                        Text.clean(data.errorMessage()),
                        Text.clean(data.responseHeaders()),
                        Text.clean(data.responseBody()),
                        Text.clean(data.workerId()),
                        a.outcome()));
        if (a.outcome() == MessageStatus.DEAD) {
            String reason = a.reason().filter(r -> !r.isBlank()).orElse(error != null ? error : NO_REASON);
            addDeadLetter(queue, a.messageId(), url, reason, a.job(), a.attempt(), a.at());
        }
    }

    /**
     * Adds a stalled attempt; {@code url} is the message's URL as far as it is known, else empty. The attempt lasted
     * from its claim until its lease was found expired (or given back); without a claim time (a lease taken by an
     * older worker) it is recorded at that moment, lasting 0 ms.
     */
    void add(String queue, Stalled s, String url) {
        boolean released = s.reason().filter(r -> r.startsWith(RELEASED)).isPresent();
        String message = Text.clean(s.reason().filter(r -> !r.isBlank()).orElse(LEASE_EXPIRED));
        Instant startedAt = s.claimedAt().orElse(s.at());
        addState(new StateRow(
                s.messageId(),
                queue,
                url,
                s.outcome(),
                s.attempt(),
                nextAttemptAt(s.outcome(), s.due()),
                key(s.messageId()),
                s.at(),
                finishedAt(s.outcome(), s.at()),
                null,
                message,
                Optional.empty()));
        attempts.putIfAbsent(
                new AttemptKey(s.messageId(), s.attempt()),
                new AttemptRow(
                        s.messageId(),
                        s.attempt(),
                        startedAt,
                        clampToInt(s.at().toEpochMilli() - startedAt.toEpochMilli()),
                        url,
                        null,
                        released ? RELEASED : STALLED,
                        message,
                        Map.of(),
                        "",
                        null,
                        s.outcome()));
        if (s.outcome() == MessageStatus.DEAD) {
            addDeadLetter(queue, s.messageId(), url, message, s.job(), s.attempt(), s.at());
        }
    }

    private StateRow withAcceptance(StateRow state) {
        AcceptedRow a = accepted.get(state.id());
        return a == null ? state : state.withAcceptance(a);
    }

    private Instant key(String messageId) {
        return Objects.requireNonNull(keys.get(messageId), () -> "no key given for message " + messageId);
    }

    private void addState(StateRow row) {
        states.merge(row.id(), row, HistoryRows::newer);
    }

    private void addDeadLetter(
            String queue, String id, String url, String reason, Optional<String> job, int attempts, Instant at) {
        deadLetters.putIfAbsent(
                id, new DeadLetterRow(id, key(id), queue, url, Text.clean(reason), job.orElse(""), attempts, at));
    }

    private static Instant nextAttemptAt(MessageStatus outcome, Optional<Instant> due) {
        return outcome == MessageStatus.RETRYING ? due.orElse(null) : null;
    }

    private static Instant finishedAt(MessageStatus outcome, Instant at) {
        return outcome.isFinal() ? at : null;
    }

    private static int clampToInt(long value) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, value));
    }
}
