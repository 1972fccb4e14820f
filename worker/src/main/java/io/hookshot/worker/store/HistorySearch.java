package io.hookshot.worker.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Keyset-paginated searches of one queue's messages and dead letters, newest first, shared by the admin API and the
 * command line. Each page is one indexed query: rows strictly before the cursor's (time, id). Thread-safe.
 */
public final class HistorySearch {
    private static final String MESSAGE_COLUMNS = """
            id, queue, url, status, attempts, next_attempt_at, created_at, updated_at, finished_at,
            last_status_code, last_error""";
    private static final String MESSAGES = "select " + MESSAGE_COLUMNS + """
             from hookshot_message
            where queue = :queue
              and (cast(:status as text) is null or status = :status)
              and (cast(:url as text) is null or (md5(url) = md5(:url) and url = :url))
              and (cast(:since as timestamptz) is null or created_at >= :since)
              and (cast(:until as timestamptz) is null or created_at < :until)
              and (cast(:cursorAt as timestamptz) is null or (created_at, id) < (:cursorAt, :cursorId))
            order by created_at desc, id desc
            limit :limit""";
    /** The dead-letter filter; {@code :cursor*} and {@code :limit} are added by the statements that use it. */
    private static final String DEAD_LETTER_WHERE = """
             from hookshot_dead_letter
            where queue = :queue
              and (cast(:url as text) is null or url = :url)
              and (cast(:since as timestamptz) is null or died_at >= :since)
              and (cast(:until as timestamptz) is null or died_at < :until)""";

    private static final String DEAD_LETTERS =
            "select message_id, queue, url, reason, job, attempts, died_at," + " archived_at" + DEAD_LETTER_WHERE + """

              and (cast(:cursorAt as timestamptz) is null or (died_at, message_id) < (:cursorAt, :cursorId))
            order by died_at desc, message_id desc
            limit :limit""";
    private static final String COUNT_DEAD_LETTERS = "select count(*)" + DEAD_LETTER_WHERE;
    private static final String LAST_ATTEMPT = "select max(started_at) from hookshot_attempt where message_id = :id";

    private final Jdbi jdbi;
    private final String queue;

    public HistorySearch(Database database, String queue) {
        this.jdbi = database.jdbi();
        this.queue = queue;
    }

    /** The queue this searches. */
    public String queue() {
        return queue;
    }

    public Page<MessageView> messages(SearchFilter filter) {
        List<MessageView> rows = jdbi.withHandle(h -> bind(h.createQuery(MESSAGES), filter)
                .bind("status", filter.status().map(MessageStatus::dbValue).orElse(null))
                .bind("limit", filter.limit() + 1)
                .map((rs, ctx) -> HistoryQueries.message(rs))
                .list());
        return page(rows, filter.limit(), m -> new PageCursor(m.createdAt(), m.id()));
    }

    /** Dead letters matching the filter; its status, if any, is ignored. */
    public Page<DeadLetterView> deadLetters(SearchFilter filter) {
        List<DeadLetterView> rows = jdbi.withHandle(h -> bind(h.createQuery(DEAD_LETTERS), filter)
                .bind("limit", filter.limit() + 1)
                .map((rs, ctx) -> HistoryQueries.deadLetter(rs))
                .list());
        return page(rows, filter.limit(), d -> new PageCursor(d.diedAt(), d.messageId()));
    }

    /** How many dead letters match the filter (its cursor and limit ignored). */
    public long countDeadLetters(SearchFilter filter) {
        SearchFilter all = new SearchFilter(
                filter.status(), filter.url(), filter.since(), filter.until(), filter.limit(), Optional.empty());
        return jdbi.withHandle(h ->
                bind(h.createQuery(COUNT_DEAD_LETTERS), all).mapTo(Long.class).one());
    }

    /** When the latest recorded attempt of a message started; empty when none is recorded. */
    public Optional<Instant> lastAttemptAt(String messageId) {
        return jdbi.withHandle(h -> h.createQuery(LAST_ATTEMPT)
                .bind("id", messageId)
                .map((rs, ctx) -> HistoryQueries.instant(rs, 1))
                .findOne());
    }

    private Query bind(Query query, SearchFilter filter) {
        return query.bind("queue", queue)
                .bind("url", filter.url().orElse(null))
                .bind("since", time(filter.since()))
                .bind("until", time(filter.until()))
                .bind("cursorAt", time(filter.cursor().map(PageCursor::at)))
                .bind("cursorId", filter.cursor().map(PageCursor::id).orElse(""));
    }

    static OffsetDateTime time(Optional<Instant> instant) {
        return instant.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
    }

    /** The first {@code limit} rows, and a cursor after the last of them when there were more. */
    static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, PageCursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(cursorOf.apply(items.getLast())));
    }
}
