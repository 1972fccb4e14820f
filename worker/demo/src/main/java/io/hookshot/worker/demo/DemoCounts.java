package io.hookshot.worker.demo;

import io.hookshot.worker.store.Database;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * How far the demo's messages have got, from the history in PostgreSQL: messages by status, and attempts.
 *
 * @param statuses messages per status (pending, delivering, retrying, delivered, dead)
 */
record DemoCounts(Map<String, Long> statuses, long attempts) {
    private static final String BY_STATUS = """
            select status, count(*) from hookshot_message where queue = ? and created_at >= ? group by status""";
    private static final String ATTEMPTS = """
            select count(*) from hookshot_attempt a join hookshot_message m on m.id = a.message_id
            where m.queue = ? and m.created_at >= ?""";

    DemoCounts {
        statuses = Map.copyOf(statuses);
    }

    /** The messages of {@code queue} created at or after {@code since} (one run of the demo). */
    static DemoCounts read(Database database, String queue, Instant since) {
        OffsetDateTime from = since.atOffset(ZoneOffset.UTC);
        return database.jdbi()
                .withHandle(h -> new DemoCounts(
                        h.select(BY_STATUS, queue, from)
                                .reduceRows(new java.util.HashMap<String, Long>(), (map, row) -> {
                                    map.put(row.getColumn(1, String.class), row.getColumn(2, Long.class));
                                    return map;
                                }),
                        h.select(ATTEMPTS, queue, from).mapTo(Long.class).one()));
    }

    long delivered() {
        return statuses.getOrDefault("delivered", 0L);
    }

    long dead() {
        return statuses.getOrDefault("dead", 0L);
    }

    long retrying() {
        return statuses.getOrDefault("retrying", 0L);
    }

    long finished() {
        return delivered() + dead();
    }
}
