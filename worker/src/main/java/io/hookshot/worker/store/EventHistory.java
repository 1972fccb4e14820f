package io.hookshot.worker.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The event side of one queue's history, shared by the admin API and the command line: events, the messages each was
 * fanned out into, a tenant's events newest first (keyset pages, as {@link HistorySearch}), an endpoint's delivery
 * figures and its dead letters. Each question is one indexed query. Thread-safe.
 */
public final class EventHistory {
    private static final String EVENT_COLUMNS = """
            id, queue, tenant, event_type, payload, channels, idempotency_key, created_at, endpoints, fanned_out_at""";
    private static final String SELECT_EVENT =
            "select " + EVENT_COLUMNS + " from hookshot_event where id = :id and queue = :queue";
    private static final String SELECT_MESSAGES = """
            select endpoint_id, id, url, status, attempts from hookshot_message
            where event_id = :id and queue = :queue order by endpoint_id, id""";
    private static final String SEARCH = "select " + EVENT_COLUMNS + """
             from hookshot_event
            where queue = :queue and tenant = :tenant
              and (cast(:eventType as text) is null or event_type = :eventType)
              and (cast(:since as timestamptz) is null or created_at >= :since)
              and (cast(:until as timestamptz) is null or created_at < :until)
              and (cast(:cursorAt as timestamptz) is null or (created_at, id) < (:cursorAt, :cursorId))
            order by created_at desc, id desc
            limit :limit""";
    /**
     * Attempts that made an HTTP request: not a lost lease, a job given back, a deleted endpoint or an undecodable job.
     * Binds {@code :endpoint}, {@code :tenant}, {@code :queue} and {@code :since}.
     */
    static final String HTTP_ATTEMPTS = """
             from hookshot_attempt a join hookshot_message m on m.id = a.message_id
            where m.endpoint_id = :endpoint and m.tenant = :tenant and m.queue = :queue and a.started_at >= :since
              and (a.error_class is null
                   or a.error_class not in ('stalled', 'released', 'endpoint_deleted', 'endpoint_disabled',
                                         'undecodable'))""";

    private static final String STATS = """
            select count(*), count(*) filter (where a.outcome = 'delivered'),
                   percentile_cont(0.5) within group (order by a.duration_ms),
                   percentile_cont(0.99) within group (order by a.duration_ms)""" + HTTP_ATTEMPTS;
    private static final String LAST_ERROR = """
            select a.started_at, a.message_id, a.status_code, a.error_class, a.error_message""" + HTTP_ATTEMPTS + """

              and a.outcome <> 'delivered'
            order by a.started_at desc limit 1""";
    private static final String DEAD_LETTERS = """
            select d.message_id, d.queue, d.url, d.reason, d.job, d.attempts, d.died_at, d.archived_at
            from hookshot_dead_letter d join hookshot_message m on m.id = d.message_id
            where d.queue = :queue and m.endpoint_id = :endpoint and m.tenant = :tenant and d.died_at >= :since
              and (cast(:cursorAt as timestamptz) is null or (d.died_at, d.message_id) < (:cursorAt, :cursorId))
            order by d.died_at desc, d.message_id desc
            limit :limit""";

    private final Jdbi jdbi;
    private final String queue;

    public EventHistory(Database database, String queue) {
        this.jdbi = database.jdbi();
        this.queue = queue;
    }

    /** The event, when this queue's history has it (once it is fanned out and exported). */
    public Optional<EventView> find(String id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_EVENT)
                .bind("id", id)
                .bind("queue", queue)
                .map((rs, ctx) -> event(rs))
                .findOne());
    }

    /** The messages fanned out from the event, by endpoint id. */
    public List<EventMessageView> messages(String eventId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_MESSAGES)
                .bind("id", eventId)
                .bind("queue", queue)
                .map((rs, ctx) -> new EventMessageView(
                        rs.getString("endpoint_id"),
                        rs.getString("id"),
                        rs.getString("url"),
                        MessageStatus.of(rs.getString("status")),
                        rs.getInt("attempts")))
                .list());
    }

    /** A tenant's events matching the filter, newest first. */
    public Page<EventView> search(String tenant, EventFilter filter) {
        List<EventView> rows = jdbi.withHandle(h -> h.createQuery(SEARCH)
                .bind("queue", queue)
                .bind("tenant", tenant)
                .bind("eventType", filter.eventType().orElse(null))
                .bind("since", time(filter.since()))
                .bind("until", time(filter.until()))
                .bind("cursorAt", time(filter.cursor().map(PageCursor::at)))
                .bind("cursorId", filter.cursor().map(PageCursor::id).orElse(""))
                .bind("limit", filter.limit() + 1)
                .map((rs, ctx) -> event(rs))
                .list());
        return page(rows, filter.limit(), e -> new PageCursor(e.createdAt(), e.id()));
    }

    /** How the endpoint's HTTP attempts since {@code since} went. */
    public EndpointStats stats(String tenant, String endpointId, Instant since) {
        return jdbi.withHandle(h -> {
            EndpointStats.LastError last = h.createQuery(LAST_ERROR)
                    .bind("endpoint", endpointId)
                    .bind("tenant", tenant)
                    .bind("queue", queue)
                    .bind("since", time(Optional.of(since)))
                    .map((rs, ctx) -> new EndpointStats.LastError(
                            HistoryQueries.instant(rs, "started_at"),
                            rs.getString("message_id"),
                            (Integer) rs.getObject("status_code"),
                            rs.getString("error_class"),
                            rs.getString("error_message")))
                    .findOne()
                    .orElse(null);
            return h.createQuery(STATS)
                    .bind("endpoint", endpointId)
                    .bind("tenant", tenant)
                    .bind("queue", queue)
                    .bind("since", time(Optional.of(since)))
                    .map((rs, ctx) -> {
                        long attempts = rs.getLong(1);
                        long delivered = rs.getLong(2);
                        return new EndpointStats(
                                since,
                                attempts,
                                delivered,
                                attempts == 0 ? null : (double) delivered / attempts,
                                number(rs, 3),
                                number(rs, 4),
                                last);
                    })
                    .one();
        });
    }

    /** The endpoint's dead letters that died since {@code since}, latest death first, a page at a time. */
    public Page<DeadLetterView> deadLetters(
            String tenant, String endpointId, Instant since, Optional<PageCursor> cursor, int limit) {
        List<DeadLetterView> rows = jdbi.withHandle(h -> h.createQuery(DEAD_LETTERS)
                .bind("queue", queue)
                .bind("tenant", tenant)
                .bind("endpoint", endpointId)
                .bind("since", time(Optional.of(since)))
                .bind("cursorAt", time(cursor.map(PageCursor::at)))
                .bind("cursorId", cursor.map(PageCursor::id).orElse(""))
                .bind("limit", limit + 1)
                .map((rs, ctx) -> HistoryQueries.deadLetter(rs))
                .list());
        return page(rows, limit, d -> new PageCursor(d.diedAt(), d.messageId()));
    }

    private static EventView event(ResultSet rs) throws SQLException {
        Array channels = rs.getArray("channels");
        List<String> names = channels == null
                ? List.of()
                : Arrays.stream((Object[]) channels.getArray())
                        .map(String::valueOf)
                        .toList();
        return new EventView(
                rs.getString("id"),
                rs.getString("queue"),
                rs.getString("tenant"),
                rs.getString("event_type"),
                rs.getString("payload"),
                names,
                rs.getString("idempotency_key"),
                HistoryQueries.instant(rs, "created_at"),
                rs.getInt("endpoints"),
                HistoryQueries.instant(rs, "fanned_out_at"));
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static OffsetDateTime time(Optional<Instant> instant) {
        return HistorySearch.time(instant);
    }

    private static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, PageCursor> cursorOf) {
        return HistorySearch.page(rows, limit, cursorOf);
    }
}
