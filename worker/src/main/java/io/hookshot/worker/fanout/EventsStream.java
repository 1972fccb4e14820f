package io.hookshot.worker.fanout;

import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventStream;
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
 * The Redis side of reading events: each partition's events stream through the consumer group
 * {@value EventStream#GROUP}. Every call is one round trip and none blocks (Redisson's blocking reads have
 * whole-second granularity). Thread-safe.
 */
final class EventsStream {
    /** One page of XAUTOCLAIM: the events taken over, and where the next page starts ({@code 0-0}: done). */
    record Claimed(List<StreamedEvent> events, StreamMessageId next) {
        boolean complete() {
            return next.getId0() == 0 && next.getId1() == 0;
        }
    }

    private final RedissonClient redisson;
    private final RedisKeys[] partitions;

    EventsStream(RedissonClient redisson, String queue, int partitionCount) {
        this.redisson = redisson;
        this.partitions = new RedisKeys[partitionCount];
        for (int p = 0; p < partitionCount; p++) {
            partitions[p] = new RedisKeys(queue, p);
        }
    }

    RedisKeys keys(int partition) {
        return partitions[partition];
    }

    /** Creates the group (and the stream) unless it exists; it starts at the stream's beginning. */
    void createGroup(int partition) {
        StreamGroups.createUnlessExists(stream(partition), EventStream.GROUP, StreamMessageId.ALL);
    }

    /** Events delivered to {@code consumer} and not acknowledged yet (XREADGROUP from 0). */
    List<StreamedEvent> readPending(int partition, String consumer, int count) {
        return events(
                partition,
                stream(partition)
                        .readGroup(
                                EventStream.GROUP,
                                consumer,
                                StreamReadGroupArgs.greaterThan(StreamMessageId.ALL)
                                        .count(count)));
    }

    /** Events never delivered to any consumer of the group (XREADGROUP {@code >}), without blocking. */
    List<StreamedEvent> readNew(int partition, String consumer, int count) {
        return events(
                partition,
                stream(partition)
                        .readGroup(
                                EventStream.GROUP,
                                consumer,
                                StreamReadGroupArgs.neverDelivered().count(count)));
    }

    /** Takes over events pending longer than {@code minIdle} on any consumer (XAUTOCLAIM from {@code start}). */
    Claimed autoClaim(int partition, String consumer, Duration minIdle, StreamMessageId start, int count) {
        AutoClaimResult<String, String> result = stream(partition)
                .autoClaim(EventStream.GROUP, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, start, count);
        return new Claimed(events(partition, result.getMessages()), result.getNextId());
    }

    private RStream<String, String> stream(int partition) {
        return redisson.getStream(partitions[partition].events(), StringCodec.INSTANCE);
    }

    private static List<StreamedEvent> events(int partition, Map<StreamMessageId, Map<String, String>> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<StreamedEvent> events = new ArrayList<>(entries.size());
        entries.forEach((id, fields) -> events.add(new StreamedEvent(
                partition,
                id.toString(),
                fields == null ? null : fields.get(EventStream.DATA),
                OutcomeRequest.fromWire(fields == null ? null : fields.get(EventStream.NOTIFY)))));
        return events;
    }
}
