package io.hookshot.worker.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.stream.StreamMessageId;

/**
 * Reads the next batch of one partition's outbox for one exporter: its own pending entries first (after a restart,
 * or entries it read but failed to write), then new ones, topped up from entries other consumers left pending longer
 * than {@link ExporterSettings#claimIdle()} (a dead worker's), scanning those at most every half of that. Not
 * thread-safe: the exporter calls it under its drain lock.
 */
final class PartitionReader {
    private final RedisOutbox outbox;
    private final int partition;
    private final String consumer;
    private final ExporterSettings settings;
    private boolean groupReady;
    private boolean readPendingFirst = true;
    private StreamMessageId claimCursor = StreamMessageId.ALL;
    private long nextClaimNanos = System.nanoTime();

    PartitionReader(RedisOutbox outbox, int partition, String consumer, ExporterSettings settings) {
        this.outbox = outbox;
        this.partition = partition;
        this.consumer = consumer;
        this.settings = settings;
    }

    /**
     * After a failed pass: the group may be gone (Redis restarted without the stream) and what was read may not be
     * written, so create the group again and read this consumer's pending entries first.
     */
    void afterFailure() {
        groupReady = false;
        readPendingFirst = true;
    }

    /** The next batch, in stream order within each source; empty when there is nothing to export. */
    List<OutboxEntry> next() {
        if (!groupReady) {
            outbox.createGroup(partition);
            groupReady = true;
        }
        Map<String, OutboxEntry> batch = new LinkedHashMap<>();
        if (readPendingFirst) {
            outbox.readPending(partition, consumer, settings.batchSize()).forEach(e -> batch.put(e.streamId(), e));
            readPendingFirst = !batch.isEmpty();
        }
        if (batch.isEmpty()) {
            outbox.readNew(partition, consumer, settings.batchSize()).forEach(e -> batch.put(e.streamId(), e));
        }
        long now = System.nanoTime();
        if (batch.size() < settings.batchSize() && now - nextClaimNanos >= 0) {
            RedisOutbox.Claimed claimed = outbox.autoClaim(
                    partition, consumer, settings.claimIdle(), claimCursor, settings.batchSize() - batch.size());
            claimed.entries().forEach(e -> batch.putIfAbsent(e.streamId(), e));
            claimCursor = claimed.complete() ? StreamMessageId.ALL : claimed.next();
            nextClaimNanos =
                    claimed.complete() ? now + settings.claimIdle().dividedBy(2).toNanos() : now;
        }
        return new ArrayList<>(batch.values());
    }
}
