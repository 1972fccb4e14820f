package io.hookshot.worker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The questions the command line and the status page ask of the history. Thread-safe. */
final class HistoryQueries {
    private static final String SELECT_MESSAGE = """
            select id, queue, url, status, attempts, next_attempt_at, created_at, updated_at, finished_at,
                   last_status_code, last_error
            from hookshot_message where id = :id""";
    private static final String SELECT_ATTEMPTS = """
            select message_id, attempt, started_at, duration_ms, url, status_code, error_class, error_message,
                   response_headers, response_body, worker_id, outcome
            from hookshot_attempt where message_id = :id order by attempt""";
    private static final String SELECT_DEAD_LETTER = """
            select message_id, queue, url, reason, job, attempts, died_at, archived_at
            from hookshot_dead_letter where message_id = :id""";
    /** Counts one queue's messages, or every queue's when {@code :queue} is null. */
    private static final String COUNT_MESSAGES = """
            select count(*) from hookshot_message
            where status = :status and (cast(:queue as text) is null or queue = :queue)""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final String queue;

    /** {@code queue}: the queue whose messages {@link #countMessages} counts, or null for all. */
    HistoryQueries(Jdbi jdbi, String queue) {
        this.jdbi = jdbi;
        this.queue = queue;
    }

    Optional<MessageView> findMessage(String id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_MESSAGE)
                .bind("id", id)
                .map((rs, ctx) -> message(rs))
                .findOne());
    }

    static MessageView message(ResultSet rs) throws SQLException {
        return new MessageView(
                rs.getString("id"),
                rs.getString("queue"),
                rs.getString("url"),
                MessageStatus.of(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"),
                integer(rs, "last_status_code"),
                rs.getString("last_error"));
    }

    List<AttemptView> attempts(String messageId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_ATTEMPTS)
                .bind("id", messageId)
                .map((rs, ctx) -> new AttemptView(
                        rs.getString("message_id"),
                        rs.getInt("attempt"),
                        instant(rs, "started_at"),
                        rs.getInt("duration_ms"),
                        rs.getString("url"),
                        integer(rs, "status_code"),
                        rs.getString("error_class"),
                        rs.getString("error_message"),
                        headers(rs.getString("response_headers")),
                        rs.getString("response_body"),
                        rs.getString("worker_id"),
                        MessageStatus.of(rs.getString("outcome"))))
                .list());
    }

    Optional<DeadLetterView> findDeadLetter(String messageId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_DEAD_LETTER)
                .bind("id", messageId)
                .map((rs, ctx) -> deadLetter(rs))
                .findOne());
    }

    static DeadLetterView deadLetter(ResultSet rs) throws SQLException {
        return new DeadLetterView(
                rs.getString("message_id"),
                rs.getString("queue"),
                rs.getString("url"),
                rs.getString("reason"),
                rs.getString("job"),
                rs.getInt("attempts"),
                instant(rs, "died_at"),
                instant(rs, "archived_at"));
    }

    long countMessages(MessageStatus status) {
        return jdbi.withHandle(h -> h.createQuery(COUNT_MESSAGES)
                .bind("status", status.dbValue())
                .bind("queue", queue)
                .mapTo(Long.class)
                .one());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Map<String, String> headers(String json) {
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored response headers are not a JSON object of strings", e);
        }
    }
}
