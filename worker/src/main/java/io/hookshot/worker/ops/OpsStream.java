package io.hookshot.worker.ops;

import io.hookshot.common.RedisKeys;
import io.hookshot.worker.queue.StreamGroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.codec.StringCodec;

/**
 * The Redis side of reading each partition's ops stream through the consumer group {@value #GROUP}. Every call is
 * one round trip and none blocks. Thread-safe.
 */
final class OpsStream {
    /** The consumer group of the workers' notifiers. */
    static final String GROUP = "ops";

    private final RedissonClient redis;
    private final String queue;

    OpsStream(RedissonClient redis, String queue) {
        this.redis = redis;
        this.queue = queue;
    }

    /**
     * Creates the group (and the stream) unless it exists, at the stream's end: records made before operational
     * webhooks were first turned on are not sent.
     */
    void createGroup(int partition) {
        StreamGroups.createUnlessExists(stream(partition), GROUP, StreamMessageId.NEWEST);
    }

    /** Records never delivered to any consumer of the group (XREADGROUP {@code >}), without blocking. */
    List<OpsRecord> readNew(int partition, String consumer, int count) {
        return records(
                partition,
                stream(partition)
                        .readGroup(
                                GROUP,
                                consumer,
                                StreamReadGroupArgs.neverDelivered().count(count)));
    }

    /** Takes over records left unacknowledged longer than {@code minIdle} by any consumer (a worker that died). */
    List<OpsRecord> autoClaim(int partition, String consumer, Duration minIdle, int count) {
        return records(
                partition,
                stream(partition)
                        .autoClaim(
                                GROUP, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, StreamMessageId.ALL, count)
                        .getMessages());
    }

    /** Acknowledges {@code records} of {@code partition}: their webhooks are enqueued. */
    void ack(int partition, List<OpsRecord> records) {
        if (!records.isEmpty()) {
            StreamMessageId[] ids = records.stream()
                    .map(r -> {
                        String[] parts = r.entryId().split("-");
                        return new StreamMessageId(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                    })
                    .toArray(StreamMessageId[]::new);
            stream(partition).ack(GROUP, ids);
        }
    }

    private RStream<String, String> stream(int partition) {
        return redis.getStream(new RedisKeys(queue, partition).ops(), StringCodec.INSTANCE);
    }

    private static List<OpsRecord> records(int partition, Map<StreamMessageId, Map<String, String>> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<OpsRecord> out = new ArrayList<>(entries.size());
        entries.forEach(
                (id, fields) -> out.add(new OpsRecord(partition, id.toString(), fields == null ? Map.of() : fields)));
        return out;
    }
}
