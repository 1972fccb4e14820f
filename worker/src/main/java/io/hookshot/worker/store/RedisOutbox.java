package io.hookshot.worker.store;

import io.hookshot.common.RedisKeys;
import io.hookshot.worker.queue.ArchiveCall;
import io.hookshot.worker.queue.ScriptRunner;
import io.hookshot.worker.queue.StreamGroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.AutoClaimResult;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

/**
 * The Redis side of the exporter: the outbox streams of one queue, read through the consumer group
 * {@value #GROUP}, and the {@code archive} script. Every call is one round trip and none blocks. Thread-safe.
 */
final class RedisOutbox {
    /** The consumer group every exporter of a queue reads the outbox streams through. */
    static final String GROUP = "exporter";

    /** One page of XAUTOCLAIM: the entries taken over, and where the next page starts ({@code 0-0}: done). */
    record Claimed(List<OutboxEntry> entries, StreamMessageId next) {
        boolean complete() {
            return next.getId0() == 0 && next.getId1() == 0;
        }
    }

    private final RedissonClient redisson;
    private final ScriptRunner scripts;
    private final String queue;
    private final List<RedisKeys> partitions;

    RedisOutbox(RedissonClient redisson, String queue, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be at least 1, got " + partitionCount);
        }
        this.redisson = redisson;
        this.scripts = new ScriptRunner(redisson);
        this.queue = RedisKeys.requireValidQueueName(queue);
        List<RedisKeys> keys = new ArrayList<>(partitionCount);
        for (int p = 0; p < partitionCount; p++) {
            keys.add(new RedisKeys(queue, p));
        }
        this.partitions = List.copyOf(keys);
    }

    int partitionCount() {
        return partitions.size();
    }

    /** Creates the consumer group (and the stream) unless it exists; the group starts at the stream's beginning. */
    void createGroup(int partition) {
        StreamGroups.createUnlessExists(stream(partition), GROUP, StreamMessageId.ALL);
    }

    /** Entries delivered to {@code consumer} and not acknowledged yet (XREADGROUP from 0). */
    List<OutboxEntry> readPending(int partition, String consumer, int count) {
        return entries(
                partition,
                stream(partition)
                        .readGroup(
                                GROUP,
                                consumer,
                                StreamReadGroupArgs.greaterThan(StreamMessageId.ALL)
                                        .count(count)));
    }

    /** Entries never delivered to any consumer of the group (XREADGROUP {@code >}), without blocking. */
    List<OutboxEntry> readNew(int partition, String consumer, int count) {
        return entries(
                partition,
                stream(partition)
                        .readGroup(
                                GROUP,
                                consumer,
                                StreamReadGroupArgs.neverDelivered().count(count)));
    }

    /** Takes over entries pending longer than {@code minIdle} on any consumer (XAUTOCLAIM from {@code start}). */
    Claimed autoClaim(int partition, String consumer, Duration minIdle, StreamMessageId start, int count) {
        AutoClaimResult<String, String> result =
                stream(partition).autoClaim(GROUP, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, start, count);
        return new Claimed(entries(partition, result.getMessages()), result.getNextId());
    }

    /** Acknowledges the entries and deletes them from the stream: the stream holds only what is not exported. */
    void acknowledge(int partition, List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StreamMessageId[] ids = entries.stream().map(e -> parseId(e.streamId())).toArray(StreamMessageId[]::new);
        RStream<String, String> stream = stream(partition);
        stream.ack(GROUP, ids);
        stream.remove(ids);
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
            total += stream(p).size();
        }
        return total;
    }

    private RStream<String, String> stream(int partition) {
        return redisson.getStream(partitions.get(partition).outbox(), StringCodec.INSTANCE);
    }

    private List<OutboxEntry> entries(int partition, Map<StreamMessageId, Map<String, String>> messages) {
        if (messages == null || messages.isEmpty()) {
            return List.of();
        }
        List<OutboxEntry> entries = new ArrayList<>(messages.size());
        messages.forEach((id, fields) ->
                entries.add(new OutboxEntry(id.toString(), queue, partition, fields == null ? Map.of() : fields)));
        return entries;
    }

    static StreamMessageId parseId(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            return new StreamMessageId(Long.parseLong(text));
        }
        return new StreamMessageId(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    }
}
