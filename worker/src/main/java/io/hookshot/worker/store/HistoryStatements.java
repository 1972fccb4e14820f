package io.hookshot.worker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.EventOrigin;
import io.hookshot.worker.store.HistoryRows.AcceptedRow;
import io.hookshot.worker.store.HistoryRows.AttemptRow;
import io.hookshot.worker.store.HistoryRows.DeadLetterRow;
import io.hookshot.worker.store.HistoryRows.EventRow;
import io.hookshot.worker.store.HistoryRows.StateRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The statements that write the history, each run as one batch per table. Stateless and thread-safe. */
final class HistoryStatements {
    /** {@link HistoryRows#newer} in SQL: the incoming state ({@code excluded}) replaces the stored one ({@code m}). */
    private static final String NEWER = "(m.attempts < excluded.attempts or (m.attempts = excluded.attempts"
            + " and m.status not in ('delivered', 'dead', 'pending')))";

    /**
     * A message's state after an attempt. It replaces the stored state only for a later attempt, or for the same
     * attempt while the stored state does not close it: final, or pending again after a replay, whose series starts
     * after the stored attempt number ({@link #NEWER}). So a record of a dead series exported again after the message
     * was replayed changes nothing. An empty URL (a stalled record of an unknown message) never replaces a known one.
     * The row is found by its key (id, created_at): created_at, the partition key, never changes (see
     * V9__partitioned_messages.sql). Whether or not the state is newer, it fills what the stored row lacks and it
     * knows: a URL, and a fan-out message's origin, which it has from an accepted record in its batch
     * ({@link HistoryRows#states}); so an acceptance folded into a state row corrects a stored row too, in this one
     * statement (no second statement over every partition).
     */
    private static final String UPSERT_STATE = """
            insert into hookshot_message as m (id, queue, url, status, attempts, next_attempt_at, created_at,
                                               updated_at, finished_at, last_status_code, last_error, tenant,
                                               event_id, endpoint_id, event_type)
            values (:id, :queue, :url, :status, :attempts, :nextAttemptAt, :createdAt, :at, :finishedAt,
                    :lastStatusCode, :lastError, :tenant, :eventId, :endpointId, :eventType)
            on conflict (id, created_at) do update
            set url = case when %1$s then coalesce(nullif(excluded.url, ''), m.url)
                           else coalesce(nullif(m.url, ''), excluded.url) end,
                status = case when %1$s then excluded.status else m.status end,
                attempts = case when %1$s then excluded.attempts else m.attempts end,
                next_attempt_at = case when %1$s then excluded.next_attempt_at else m.next_attempt_at end,
                updated_at = case when %1$s then excluded.updated_at else m.updated_at end,
                finished_at = case when %1$s then excluded.finished_at else m.finished_at end,
                last_status_code = case when %1$s then excluded.last_status_code else m.last_status_code end,
                last_error = case when %1$s then excluded.last_error else m.last_error end,
                tenant = coalesce(m.tenant, excluded.tenant), event_id = coalesce(m.event_id, excluded.event_id),
                endpoint_id = coalesce(m.endpoint_id, excluded.endpoint_id),
                event_type = coalesce(m.event_type, excluded.event_type)
            where %1$s or m.url = '' or (m.event_id is null and excluded.event_id is not null)""".formatted(NEWER);

    /**
     * A message as enqueued, of a message without a state row in its batch: a new pending row, or on a known message
     * only a missing URL and a missing origin (a fan-out message's event columns, which only its accepted record
     * tells).
     */
    private static final String UPSERT_ACCEPTED = """
            insert into hookshot_message as m (id, queue, url, status, attempts, next_attempt_at, created_at,
                                               updated_at, tenant, event_id, endpoint_id, event_type)
            values (:id, :queue, :url, 'pending', 0, :due, :createdAt, :at, :tenant, :eventId, :endpointId,
                    :eventType)
            on conflict (id, created_at) do update
            set url = case when m.url = '' then excluded.url else m.url end,
                tenant = coalesce(m.tenant, excluded.tenant), event_id = coalesce(m.event_id, excluded.event_id),
                endpoint_id = coalesce(m.endpoint_id, excluded.endpoint_id),
                event_type = coalesce(m.event_type, excluded.event_type)
            where m.url = '' or (m.event_id is null and excluded.event_id is not null)""";

    /**
     * One attempt. The key includes started_at (the partition key; see V8__partitioned_attempts.sql): a record
     * exported again carries the same started_at, so a duplicate is still absorbed.
     */
    private static final String INSERT_ATTEMPT = """
            insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, status_code,
                                          error_class, error_message, response_headers, response_body, worker_id,
                                          outcome)
            values (:messageId, :attempt, :startedAt, :durationMs, :url, :statusCode, :errorClass, :errorMessage,
                    cast(:headers as jsonb), :body, :workerId, :outcome)
            on conflict (message_id, attempt, started_at) do nothing""";

    /**
     * A dead letter, archived only while the message's state is this very death (run after {@link #UPSERT_STATE}, in
     * the same transaction): a dead record exported again after a replay revived the message (pending, or further on
     * in its new series) archives nothing, so the replayed message does not show up as dead again.
     */
    private static final String INSERT_DEAD_LETTER = """
            insert into hookshot_dead_letter (message_id, queue, url, reason, job, attempts, died_at)
            select :messageId, :queue, :url, :reason, :job, :attempts, :diedAt
            where exists (select 1 from hookshot_message
                          where id = :messageId and created_at = :createdAt and attempts = :attempts
                            and status = 'dead')
            on conflict (message_id) do nothing""";

    /** A fanned-out event; the first record of it wins, so a replayed batch changes nothing. */
    private static final String INSERT_EVENT = """
            insert into hookshot_event (id, queue, tenant, event_type, payload, channels, idempotency_key, created_at,
                                        endpoints, fanned_out_at)
            values (:id, :queue, :tenant, :eventType, :payload, cast(:channels as text[]), :idempotencyKey, :createdAt,
                    :endpoints, :fannedOutAt)
            on conflict (id, created_at) do nothing""";

    private static final String SELECT_URLS = "select id, url from hookshot_message where id = any(:ids)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryStatements() {}

    /** The stored URL of each of the messages that has a row. */
    static Map<String, String> storedUrls(Handle handle, Set<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return handle
                .createQuery(SELECT_URLS)
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("url")))
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Writes all rows, one batched statement per kind; the caller holds the transaction. */
    static void write(Handle handle, HistoryRows rows) {
        run(handle, UPSERT_STATE, rows.states(), HistoryStatements::bindState);
        run(handle, UPSERT_ACCEPTED, rows.accepted(), HistoryStatements::bindAccepted);
        run(handle, INSERT_ATTEMPT, rows.attempts(), HistoryStatements::bindAttempt);
        run(handle, INSERT_DEAD_LETTER, rows.deadLetters(), HistoryStatements::bindDeadLetter);
        run(handle, INSERT_EVENT, rows.events(), HistoryStatements::bindEvent);
    }

    private static <R> void run(Handle handle, String sql, List<R> rows, BiConsumer<PreparedBatch, R> binder) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch(sql);
        for (R row : rows) {
            binder.accept(batch, row);
            batch.add();
        }
        batch.execute();
    }

    private static void bindState(PreparedBatch b, StateRow r) {
        b.bind("id", r.id())
                .bind("queue", r.queue())
                .bind("url", r.url())
                .bind("status", r.status().dbValue())
                .bind("attempts", r.attempts())
                .bindByType("nextAttemptAt", r.nextAttemptAt(), Instant.class)
                .bindByType("createdAt", r.createdAt(), Instant.class)
                .bindByType("at", r.at(), Instant.class)
                .bindByType("finishedAt", r.finishedAt(), Instant.class)
                .bind("lastStatusCode", r.lastStatusCode())
                .bind("lastError", r.lastError());
        bindOrigin(b, r.origin());
    }

    private static void bindOrigin(PreparedBatch b, Optional<EventOrigin> origin) {
        b.bind("tenant", origin.map(EventOrigin::tenant).orElse(null))
                .bind("eventId", origin.map(EventOrigin::eventId).orElse(null))
                .bind("endpointId", origin.map(EventOrigin::endpointId).orElse(null))
                .bind("eventType", origin.map(EventOrigin::eventType).orElse(null));
    }

    private static void bindEvent(PreparedBatch b, EventRow r) {
        b.bind("id", r.id())
                .bind("queue", r.queue())
                .bind("tenant", r.event().tenant().value())
                .bind("eventType", r.event().type().value())
                .bind("payload", Text.clean(r.event().payload()))
                .bindArray("channels", String.class, r.event().channels())
                .bind("idempotencyKey", r.event().idempotencyKey().orElse(null))
                .bindByType("createdAt", r.event().createdAt(), Instant.class)
                .bind("endpoints", r.endpoints())
                .bindByType("fannedOutAt", r.fannedOutAt(), Instant.class);
    }

    private static void bindAccepted(PreparedBatch b, AcceptedRow r) {
        b.bind("id", r.id())
                .bind("queue", r.queue())
                .bind("url", r.url())
                .bindByType("due", r.due(), Instant.class)
                .bindByType("createdAt", r.createdAt(), Instant.class)
                .bindByType("at", r.at(), Instant.class);
        bindOrigin(b, r.origin());
    }

    private static void bindAttempt(PreparedBatch b, AttemptRow r) {
        b.bind("messageId", r.messageId())
                .bind("attempt", r.attempt())
                .bindByType("startedAt", r.startedAt(), Instant.class)
                .bind("durationMs", r.durationMs())
                .bind("url", r.url())
                .bind("statusCode", r.statusCode())
                .bind("errorClass", r.errorClass())
                .bind("errorMessage", r.errorMessage())
                .bind("headers", json(r.headers()))
                .bind("body", r.body())
                .bind("workerId", r.workerId())
                .bind("outcome", r.outcome().dbValue());
    }

    private static void bindDeadLetter(PreparedBatch b, DeadLetterRow r) {
        b.bind("messageId", r.messageId())
                .bindByType("createdAt", r.createdAt(), Instant.class)
                .bind("queue", r.queue())
                .bind("url", r.url())
                .bind("reason", r.reason())
                .bind("job", r.job())
                .bind("attempts", r.attempts())
                .bindByType("diedAt", r.diedAt(), Instant.class);
    }

    private static String json(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode response headers", e);
        }
    }
}
