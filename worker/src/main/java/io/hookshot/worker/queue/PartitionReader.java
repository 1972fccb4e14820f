package io.hookshot.worker.queue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.stream.StreamMessageId;

/**
 * Reads the next batch of one partition's stream for one consumer of a {@link StreamGroup}: its own pending entries
 * first (after a restart, or entries it read but failed to handle), then new ones, topped up from entries other
 * consumers left pending longer than {@code claimIdle} (a dead worker's), scanning those at most every half of that.
 * Not thread-safe: one thread (the exporter's, under its drain lock; the fan-out loop's) calls it.
 *
 * @param <T> what one entry is read as
 */
public final class PartitionReader<T> {
    /**
     * One batch: its entries, in stream order within each source, and how many of them (or of entries read already)
     * were taken over from other consumers.
     */
    public record Batch<T>(List<T> entries, int takenOver) {}

    private final StreamGroup<T> group;
    private final int partition;
    private final String consumer;
    private final int batchSize;
    private final Duration claimIdle;
    private boolean groupReady;
    private boolean readPendingFirst = true;
    private StreamMessageId claimCursor = StreamMessageId.ALL;
    private long nextClaimNanos = System.nanoTime();

    /** Reads at most {@code batchSize} entries of {@code partition} as {@code consumer}. */
    public PartitionReader(StreamGroup<T> group, int partition, String consumer, int batchSize, Duration claimIdle) {
        this.group = group;
        this.partition = partition;
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.claimIdle = claimIdle;
    }

    /**
     * After a failed pass: the group may be gone (Redis restarted without the stream) and what was read may not be
     * handled, so create the group again and read this consumer's pending entries first.
     */
    public void afterFailure() {
        groupReady = false;
        readPendingFirst = true;
    }

    /** When the next scan for entries other consumers left pending is due ({@link System#nanoTime()}). */
    public long nextClaimNanos() {
        return nextClaimNanos;
    }

    /** The next batch; its entries are empty when there is nothing to read. */
    public Batch<T> next() {
        if (!groupReady) {
            group.create(partition);
            groupReady = true;
        }
        Map<String, T> batch = new LinkedHashMap<>();
        if (readPendingFirst) {
            group.readPending(partition, consumer, batchSize).forEach(e -> batch.put(group.entryId(e), e));
            readPendingFirst = !batch.isEmpty();
        }
        if (batch.isEmpty()) {
            group.readNew(partition, consumer, batchSize).forEach(e -> batch.put(group.entryId(e), e));
        }
        int takenOver = 0;
        long now = System.nanoTime();
        if (batch.size() < batchSize && now - nextClaimNanos >= 0) {
            StreamGroup.Claimed<T> claimed =
                    group.autoClaim(partition, consumer, claimIdle, claimCursor, batchSize - batch.size());
            claimed.entries().forEach(e -> batch.putIfAbsent(group.entryId(e), e));
            takenOver = claimed.entries().size();
            claimCursor = claimed.complete() ? StreamMessageId.ALL : claimed.next();
            nextClaimNanos = claimed.complete() ? now + claimIdle.dividedBy(2).toNanos() : now;
        }
        return new Batch<>(List.copyOf(batch.values()), takenOver);
    }
}
