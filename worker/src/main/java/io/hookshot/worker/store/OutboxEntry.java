package io.hookshot.worker.store;

import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a partition's outbox stream ({@link RedisKeys#outbox()}), as read by the exporter: the stream entry
 * id, where it came from, and its fields as the scripts wrote them (names in {@link Outbox}). Immutable.
 *
 * @param streamId  the stream entry id, like {@code 1700000000000-0}
 * @param queue     the queue whose outbox holds it
 * @param partition the partition whose outbox holds it
 * @param fields    field name to value
 */
public record OutboxEntry(String streamId, String queue, int partition, Map<String, String> fields) {
    public OutboxEntry {
        Objects.requireNonNull(streamId, "streamId");
        RedisKeys.requireValidQueueName(queue);
        fields = Map.copyOf(fields);
    }

    /** The record type ({@link Outbox#TYPE}), or empty when the entry has none. */
    public Optional<String> type() {
        return field(Outbox.TYPE);
    }

    /** The message id ({@link Outbox#ID}), or empty when the entry has none. */
    public Optional<String> messageId() {
        return field(Outbox.ID);
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Whether this record says the job died: its job waits in the partition's dead set until archived. */
    public boolean isDeath() {
        String type = fields.get(Outbox.TYPE);
        return (Outbox.ATTEMPT.equals(type) || Outbox.STALLED.equals(type))
                && MessageStatus.DEAD.dbValue().equals(fields.get(Outbox.OUTCOME));
    }

    @Override
    public String toString() {
        return "OutboxEntry[" + queue + "/" + partition + " " + streamId + " " + fields.get(Outbox.TYPE) + " "
                + fields.get(Outbox.ID) + "]";
    }
}
