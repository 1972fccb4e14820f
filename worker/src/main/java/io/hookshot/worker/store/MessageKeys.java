package io.hookshot.worker.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Where a message's row is: its partition key, {@code hookshot_message.created_at} (see {@code
 * V9__partitioned_messages.sql}). Every outbox record of this release carries the message's creation time, which is
 * the key; two kinds of record need the stored row's key instead, looked up by id: a record of a message created
 * before {@link #partitionedFrom} (its row may have been stored before V9, keyed by the time of its first record),
 * and a record without a creation time (written by the scripts of an earlier release). Stateless and thread-safe.
 */
final class MessageKeys {
    private static final String PARTITIONED_FROM =
            "select nullif(hookshot_message_partitioned_from(), '-infinity'::timestamptz)";
    /** Pruned to the partitions before the bound: the legacy and DEFAULT ones. */
    private static final String STORED_BEFORE = """
            select id, created_at from hookshot_message
             where id = any(:ids) and created_at < hookshot_message_partitioned_from()""";

    private static final String STORED = "select id, created_at from hookshot_message where id = any(:ids)";

    private MessageKeys() {}

    /**
     * The start of the partitioned era: rows created before it may be keyed otherwise; empty on an install that had
     * no message before V9.
     */
    static Optional<Instant> partitionedFrom(Handle h) {
        return h.createQuery(PARTITIONED_FROM)
                .mapTo(OffsetDateTime.class)
                .findOne()
                .map(OffsetDateTime::toInstant);
    }

    /**
     * The stored keys of the messages {@code createdBefore} (created before {@link #partitionedFrom}) and of those
     * whose records tell no creation time ({@code unknown}); a message without a row is not in the map.
     */
    static Map<String, Instant> stored(Handle h, Set<String> createdBefore, Set<String> unknown) {
        Map<String, Instant> keys = new HashMap<>();
        lookUp(h, STORED_BEFORE, createdBefore, keys);
        lookUp(h, STORED, unknown, keys);
        return keys;
    }

    private static void lookUp(Handle h, String sql, Set<String> ids, Map<String, Instant> keys) {
        if (ids.isEmpty()) {
            return;
        }
        h.createQuery(sql)
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> Map.entry(
                        rs.getString("id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .forEach(e -> keys.merge(e.getKey(), e.getValue(), (a, b) -> a.isBefore(b) ? a : b));
    }
}
