package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.EventOrigin;
import io.hookshot.worker.queue.AttemptRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * A message accepted and attempted in one batch is written once (its acceptance folded into its state row), and its row
 * is the one the records give when they arrive in separate batches.
 */
class HistoryFoldIT extends HistoryStoreTestBase {
    private static final AttemptRecord OK = new AttemptRecord(URL, T0 + 10, 40, 200, null, null, Map.of(), "ok", "w");
    private static final AttemptRecord BUSY = new AttemptRecord(URL, T0 + 10, 40, 503, null, null, Map.of(), "", "w");

    @Test
    void acceptedAndDeliveredInOneBatchIsTheRowOfSeparateBatchesInEitherOrder() {
        assertOneBatchIsSeparateBatches(List.of(
                id -> entries.accepted(id, URL, T0, T0, T0 + 1),
                id -> entries.attempt(id, 1, MessageStatus.DELIVERED, OK, T0 + 100)));
    }

    @Test
    void acceptedAndRetryingInOneBatchIsTheRowOfSeparateBatchesInEitherOrder() {
        assertOneBatchIsSeparateBatches(List.of(
                id -> entries.retrying(id, 1, BUSY, T0 + 5_000, T0 + 100),
                id -> entries.accepted(id, URL, T0, T0, T0 + 1)));
    }

    @Test
    void acceptedAndStalledInOneBatchIsTheRowOfSeparateBatchesInEitherOrder() {
        assertOneBatchIsSeparateBatches(
                List.of(id -> entries.stalled(id, 1, T0 + 60_000), id -> entries.accepted(id, URL, T0, T0, T0 + 1)));
    }

    @Test
    void aBatchOfAcceptedAndDeliveredMessagesInsertsEachRowOnceAndUpdatesNone() {
        List<OutboxEntry> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = newId();
            batch.add(entries.accepted(id, URL, T0, T0, T0 + 1));
            batch.add(entries.attempt(id, 1, MessageStatus.DELIVERED, OK, T0 + 100));
        }
        HistoryRows rows = HistoryBatch.decode(batch).rows(Map.of(), Map.of(), Optional.empty());

        // The counts also hold writes of earlier transactions of the connection not yet flushed: take the difference.
        long[] written = database.jdbi().inTransaction(h -> {
            long[] before = tupleCounts(h);
            HistoryStatements.write(h, rows);
            long[] after = tupleCounts(h);
            return new long[] {after[0] - before[0], after[1] - before[1]};
        });

        assertThat(written).as("rows inserted, rows updated").containsExactly(50, 0);
    }

    @Test
    void anAcceptanceFoldedIntoAnOlderAttemptStillDatesAStoredDelivery() {
        String id = newId();
        store.write(List.of(entries.attempt(id, 2, MessageStatus.DELIVERED, OK, T0 + 5_200)));
        store.write(List.of(
                entries.accepted(id, URL, T0, T0, T0 + 1), entries.retrying(id, 1, BUSY, T0 + 5_000, T0 + 100)));

        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(message.attempts()).isEqualTo(2);
        assertThat(message.createdAt()).isEqualTo(Instant.ofEpochMilli(T0));
    }

    @Test
    void anAcceptanceFoldedIntoAnOlderStateFillsTheOriginOfAStoredRowAndLeavesItsState() {
        String id = newId();
        store.write(List.of(entries.attempt(id, 2, MessageStatus.DELIVERED, OK, T0 + 5_200)));
        store.write(List.of(
                entries.accepted(id, URL, T0, T0, T0 + 1, new EventOrigin("evt_1", "ep_1", "acme", "invoice.paid")),
                entries.retrying(id, 1, BUSY, T0 + 5_000, T0 + 100)));

        Map<String, Object> stored = database.jdbi()
                .withHandle(h -> h.createQuery("select status, attempts, last_status_code, tenant, event_id,"
                                + " endpoint_id, event_type from hookshot_message where id = :id")
                        .bind("id", id)
                        .mapToMap()
                        .one());
        assertThat(stored)
                .containsEntry("status", "delivered")
                .containsEntry("attempts", 2)
                .containsEntry("last_status_code", 200)
                .containsEntry("tenant", "acme")
                .containsEntry("event_id", "evt_1")
                .containsEntry("endpoint_id", "ep_1")
                .containsEntry("event_type", "invoice.paid");
    }

    @Test
    void anAcceptanceFoldedIntoAStateFillsTheUrlOfAStoredStalledMessage() {
        String id = newId();
        store.write(List.of(entries.stalled(id, 1, T0 + 60_000)));
        store.write(List.of(entries.accepted(id, URL, T0, T0, T0 + 1), entries.stalled(id, 1, T0 + 60_000)));

        MessageView message = store.findMessage(id).orElseThrow();
        assertThat(message.url()).isEqualTo(URL);
        assertThat(message.createdAt()).isEqualTo(Instant.ofEpochMilli(T0));
    }

    @Test
    void aProducerClockAheadOfRedisStillGivesTheCreationTime() {
        String id = newId();
        List<OutboxEntry> batch = List.of(
                entries.accepted(id, URL, T0 + 1_000, T0, T0 + 1),
                entries.attempt(id, 1, MessageStatus.DELIVERED, OK, T0 + 100));
        store.write(batch);
        store.write(batch);

        assertThat(store.findMessage(id).orElseThrow().createdAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
    }

    /** The row after one batch of all records equals the row after one batch per record, in order and reversed. */
    private void assertOneBatchIsSeparateBatches(List<Function<String, OutboxEntry>> records) {
        String together = newId();
        List<OutboxEntry> batch = records.stream().map(r -> r.apply(together)).toList();
        store.write(batch);
        Map<String, Object> row = row(together);

        String inOrder = newId();
        records.forEach(r -> store.write(List.of(r.apply(inOrder))));
        String reversed = newId();
        records.reversed().forEach(r -> store.write(List.of(r.apply(reversed))));

        assertThat(row(inOrder)).isEqualTo(row);
        assertThat(row(reversed)).isEqualTo(row);
        store.write(batch);
        assertThat(row(together)).as("the batch written again").isEqualTo(row);
    }

    /**
     * Rows inserted and updated in hookshot_message's partitions by this connection (this transaction and unflushed
     * ones).
     */
    private static long[] tupleCounts(Handle h) {
        return h.createQuery("""
                        select sum(n_tup_ins), sum(n_tup_upd) from pg_stat_xact_user_tables
                        where relname like 'hookshot\\_message\\_%' and schemaname = current_schema()""")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .one();
    }

    /** Every column of the message's row but its id. */
    private Map<String, Object> row(String id) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("""
                        select queue, url, status, attempts, next_attempt_at, created_at, updated_at, finished_at,
                               last_status_code, last_error
                        from hookshot_message where id = :id""").bind("id", id).mapToMap().one());
    }

    private static String newId() {
        return "msg_" + UUID.randomUUID();
    }
}
