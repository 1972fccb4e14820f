package io.hookshot.worker.store;

import io.hookshot.common.RedisKeys;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery history in Postgres: writes batches of outbox entries and answers questions about messages.
 * Thread-safe.
 *
 * <p>Writing a batch:
 * <ol>
 *   <li>Decode every entry; one that cannot be decoded (unknown type, missing field, unreadable attempt data) is
 *       logged with its stream entry id, counted in {@link #skippedEntries()} and left out, so a poison entry never
 *       blocks its stream.</li>
 *   <li>In one transaction: look up the stored URL of stalled messages the batch does not tell and the stored key of
 *       messages whose records do not give it ({@link MessageKeys}), then one batched statement per table (the
 *       driver turns each into multi-row inserts).</li>
 *   <li>Replaying a batch changes nothing: attempts and dead letters are inserted with {@code on conflict do
 *       nothing}; a message's state is only replaced by a record of a later attempt (or of the same attempt while
 *       the state is neither final nor pending again after a dead-letter replay); a dead letter is archived only
 *       while the message's state is that death, so a dead batch written again after its message was replayed
 *       leaves the replay alone; an accepted record only fills in an unknown URL and a fan-out message's origin.</li>
 * </ol>
 */
public final class HistoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

    private final Jdbi jdbi;
    private final HistoryQueries queries;
    private final LongAdder skipped = new LongAdder();
    /** {@link MessageKeys#partitionedFrom}, a fact of the schema read once; null until read. */
    private volatile Optional<Instant> partitionedFrom;

    /** The history of every queue. */
    public HistoryStore(Database database) {
        this.jdbi = database.jdbi();
        this.queries = new HistoryQueries(jdbi, null);
    }

    /**
     * The history as one queue's worker sees it: {@link #countMessages} counts that queue's messages only. Writes
     * and lookups by id are the same as for {@link #HistoryStore(Database)} (each outbox entry names its queue).
     */
    public HistoryStore(Database database, String queue) {
        this.jdbi = database.jdbi();
        this.queries = new HistoryQueries(jdbi, RedisKeys.requireValidQueueName(queue));
    }

    /**
     * Writes the entries in one transaction, skipping (and counting) those that cannot be decoded, and returns the
     * entries written: all but the skipped ones, in order. Throws {@link HistoryWriteException} when Postgres is
     * unreachable or refuses the batch; then nothing was written.
     */
    public List<OutboxEntry> write(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        HistoryBatch batch = HistoryBatch.decode(entries);
        try {
            jdbi.useTransaction(handle -> {
                Optional<Instant> partitionedFrom = partitionedFrom(handle);
                Map<String, String> storedUrls = HistoryStatements.storedUrls(handle, batch.idsWithUnknownUrl());
                Map<String, Instant> storedKeys = MessageKeys.stored(
                        handle, batch.idsCreatedBefore(partitionedFrom), batch.idsWithUnknownCreation());
                HistoryStatements.write(handle, batch.rows(storedUrls, storedKeys, partitionedFrom));
            });
        } catch (JdbiException e) {
            throw HistoryWriteException.of("could not write " + entries.size() + " outbox entries to the history", e);
        }
        if (batch.malformed().isEmpty()) {
            return entries;
        }
        Set<String> skippedIds = new HashSet<>();
        for (MalformedOutboxEntryException e : batch.malformed()) {
            LOG.warn("skipped an outbox entry that cannot be read: {}", e.getMessage());
            skipped.increment();
            skippedIds.add(e.streamId());
        }
        return entries.stream().filter(e -> !skippedIds.contains(e.streamId())).toList();
    }

    private Optional<Instant> partitionedFrom(Handle handle) {
        Optional<Instant> from = partitionedFrom;
        if (from == null) {
            from = MessageKeys.partitionedFrom(handle);
            partitionedFrom = from;
        }
        return from;
    }

    /** How many outbox entries were left out of committed batches because they could not be decoded. */
    public long skippedEntries() {
        return skipped.sum();
    }

    public Optional<MessageView> findMessage(String id) {
        return queries.findMessage(id);
    }

    /** The recorded attempts of a message, first attempt first; empty when none is recorded. */
    public List<AttemptView> attempts(String messageId) {
        return queries.attempts(messageId);
    }

    public Optional<DeadLetterView> findDeadLetter(String messageId) {
        return queries.findDeadLetter(messageId);
    }

    /** Messages with this status, of this store's queue when it has one, else of all queues. */
    public long countMessages(MessageStatus status) {
        return queries.countMessages(status);
    }
}
