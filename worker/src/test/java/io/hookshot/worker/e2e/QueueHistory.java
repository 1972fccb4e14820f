package io.hookshot.worker.e2e;

import io.hookshot.worker.store.Database;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The history of one whole queue, one query per question, for runs of thousands of messages where asking message by
 * message would take longer than the run. Thread-safe.
 */
final class QueueHistory {
    /** One row of {@code hookshot_attempt}. */
    record Attempt(String messageId, int attempt, Instant startedAt, int durationMs, Integer statusCode,
                   String errorClass, String workerId, String outcome, int responseBodyLength) {
        boolean stalled() {
            return "stalled".equals(errorClass);
        }

        /** When the attempt ended: for a stalled one, when its lease was found expired. */
        Instant endedAt() {
            return startedAt.plusMillis(durationMs);
        }
    }

    private static final String COUNT_FINISHED = """
            select count(*) from hookshot_message
            where queue = :queue and status in ('delivered', 'dead')""";
    private static final String SELECT_ATTEMPTS = """
            select a.message_id, a.attempt, a.started_at, a.duration_ms, a.status_code, a.error_class, a.worker_id,
                   a.outcome, length(a.response_body) as body_length
            from hookshot_attempt a join hookshot_message m on m.id = a.message_id
            where m.queue = :queue
            order by a.message_id, a.attempt""";

    private final Database database;
    private final String queue;

    QueueHistory(WorkerFixture fixture) {
        this.database = fixture.database;
        this.queue = fixture.queue;
    }

    /** Messages of the queue that are delivered or dead. */
    long finished() {
        return database.jdbi().withHandle(h -> h.createQuery(COUNT_FINISHED).bind("queue", queue)
                .mapTo(Long.class).one());
    }

    List<Attempt> attempts() {
        return database.jdbi().withHandle(h -> h.createQuery(SELECT_ATTEMPTS).bind("queue", queue)
                .map((rs, ctx) -> new Attempt(rs.getString("message_id"), rs.getInt("attempt"),
                        rs.getObject("started_at", OffsetDateTime.class).toInstant(), rs.getInt("duration_ms"),
                        (Integer) rs.getObject("status_code"), rs.getString("error_class"), rs.getString("worker_id"),
                        rs.getString("outcome"), rs.getInt("body_length")))
                .list());
    }

    /** Every message's attempts, first attempt first. */
    Map<String, List<Attempt>> attemptsById() {
        return attempts().stream().collect(Collectors.groupingBy(Attempt::messageId, LinkedHashMap::new,
                Collectors.toList()));
    }
}
