package io.hookshot.worker.bench;

import io.hookshot.worker.store.Database;
import org.jdbi.v3.core.Jdbi;

/**
 * What the history in Postgres holds for one bench queue, and its removal at the end. Stateless apart from the
 * connection pool; thread-safe.
 */
final class BenchHistory {
    private static final String COUNT_MESSAGES = """
            select count(*) filter (where status = 'delivered') as delivered,
                   count(*) filter (where status = 'dead') as dead
            from hookshot_message where queue = :queue""";
    private static final String COUNT_ATTEMPTS = """
            select count(*) from hookshot_attempt a join hookshot_message m on m.id = a.message_id
            where m.queue = :queue""";
    private static final String DELETE_ATTEMPTS = """
            delete from hookshot_attempt a using hookshot_message m where m.id = a.message_id and m.queue = :queue""";
    private static final String DELETE_DEAD_LETTERS = "delete from hookshot_dead_letter where queue = :queue";
    private static final String DELETE_MESSAGES = "delete from hookshot_message where queue = :queue";
    private static final String DELETE_EVENTS = "delete from hookshot_event where queue = :queue";

    /** Messages of a queue by final status. */
    record Counts(long delivered, long dead) {}

    private final Jdbi jdbi;

    BenchHistory(Database database) {
        this.jdbi = database.jdbi();
    }

    Counts messages(String queue) {
        return jdbi.withHandle(h -> h.createQuery(COUNT_MESSAGES)
                .bind("queue", queue)
                .map((rs, ctx) -> new Counts(rs.getLong("delivered"), rs.getLong("dead")))
                .one());
    }

    long attempts(String queue) {
        return jdbi.withHandle(h -> h.createQuery(COUNT_ATTEMPTS)
                .bind("queue", queue)
                .mapTo(Long.class)
                .one());
    }

    /** Removes every history row of the queue; returns how many rows went. */
    long delete(String queue) {
        return jdbi.inTransaction(h -> (long)
                        h.createUpdate(DELETE_ATTEMPTS).bind("queue", queue).execute()
                + h.createUpdate(DELETE_DEAD_LETTERS).bind("queue", queue).execute()
                + h.createUpdate(DELETE_MESSAGES).bind("queue", queue).execute()
                + h.createUpdate(DELETE_EVENTS).bind("queue", queue).execute());
    }
}
