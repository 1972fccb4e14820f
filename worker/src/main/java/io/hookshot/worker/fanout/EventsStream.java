package io.hookshot.worker.fanout;

import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventStream;
import io.hookshot.worker.queue.StreamGroup;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;

/**
 * The Redis side of reading events: each partition's keys, and its events stream through the consumer group
 * {@value EventStream#GROUP}, which starts at a stream's beginning. Thread-safe.
 */
final class EventsStream {
    private final RedisKeys[] partitions;
    private final StreamGroup<StreamedEvent> events;

    EventsStream(RedissonClient redisson, String queue, int partitionCount) {
        this.partitions = new RedisKeys[partitionCount];
        for (int p = 0; p < partitionCount; p++) {
            partitions[p] = new RedisKeys(queue, p);
        }
        this.events = new StreamGroup<>(
                redisson,
                EventStream.GROUP,
                StreamMessageId.ALL,
                p -> partitions[p].events(),
                EventsStream::event,
                StreamedEvent::entryId);
    }

    RedisKeys keys(int partition) {
        return partitions[partition];
    }

    StreamGroup<StreamedEvent> events() {
        return events;
    }

    private static StreamedEvent event(int partition, String entryId, Map<String, String> fields) {
        return new StreamedEvent(
                partition,
                entryId,
                fields.get(EventStream.DATA),
                OutcomeRequest.fromWire(fields.get(EventStream.NOTIFY)));
    }
}
