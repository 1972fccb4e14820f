package io.hookshot.worker.store;

import io.hookshot.common.RedisKeys;
import io.hookshot.worker.queue.ArchiveCall;
import io.hookshot.worker.queue.ScriptRunner;
import io.hookshot.worker.queue.StreamGroup;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;

/**
 * The Redis side of the exporter: the outbox streams of one queue, read through the consumer group
 * {@value #GROUP}, and the {@code archive} script. Every call is one round trip and none blocks. Thread-safe.
 */
final class RedisOutbox {
    /** The consumer group every exporter of a queue reads the outbox streams through. */
    static final String GROUP = "exporter";

    private final ScriptRunner scripts;
    private final List<RedisKeys> partitions;
    private final StreamGroup<OutboxEntry> entries;

    RedisOutbox(RedissonClient redisson, String queue, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be at least 1, got " + partitionCount);
        }
        this.scripts = new ScriptRunner(redisson);
        RedisKeys.requireValidQueueName(queue);
        List<RedisKeys> keys = new ArrayList<>(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            keys.add(new RedisKeys(queue, p));
        }
        this.partitions = List.copyOf(keys);
        this.entries = new StreamGroup<>(
                redisson,
                GROUP,
                StreamMessageId.ALL,
                p -> partitions.get(p).outbox(),
                (p, id, fields) -> new OutboxEntry(id, queue, p, fields),
                OutboxEntry::streamId);
    }

    int partitionCount() {
        return partitions.size();
    }

    /** The outbox streams through the group {@value #GROUP}, which starts at a stream's beginning. */
    StreamGroup<OutboxEntry> entries() {
        return entries;
    }

    /** Acknowledges the entries and deletes them from the stream: the stream holds only what is not exported. */
    void acknowledge(int partition, List<OutboxEntry> exported) {
        entries.ackAndDelete(partition, exported);
    }

    /** Runs {@code archive} for dead jobs whose dead letters are committed; returns how many it removed. */
    long archive(int partition, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return 0;
        }
        Long removed = scripts.run(ArchiveCall.of(partitions.get(partition), messageIds));
        return removed == null ? 0 : removed;
    }

    /** Entries in all partitions' streams: not yet exported, or exported and not yet deleted. */
    long length() {
        long total = 0;
        for (int p = 0; p < partitions.size(); p++) {
            total += entries.length(p);
        }
        return total;
    }
}
