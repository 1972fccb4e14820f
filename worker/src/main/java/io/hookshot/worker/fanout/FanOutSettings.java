package io.hookshot.worker.fanout;

import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * How a worker fans out the events of one queue. Immutable; validated on construction.
 *
 * @param queue        the queue whose partitions' events streams are read
 * @param partitions   its partition count
 * @param consumer     this worker's name in the consumer group (its worker id): a worker restarted under the same
 *                     name first finishes what it had read
 * @param claimIdle    events read by another consumer and not acknowledged for this long (a worker that died
 *                     mid-fan-out) are taken over; the lease, so a live worker's batch is never taken from it
 * @param pollInterval how long an idle fan-out waits before reading again, unless a publish hint wakes it
 * @param batchSize    most events read from one partition and fanned out together
 */
public record FanOutSettings(
        String queue, int partitions, String consumer, Duration claimIdle, Duration pollInterval, int batchSize) {
    public static final int DEFAULT_BATCH_SIZE = 100;
    /**
     * How long the idempotency key of a fan-out message lasts when the fan-out that made it never finished (a worker
     * died before acknowledging the event): longer than any wait for another worker to take the event over. Once the
     * event is acknowledged its keys are cut to {@link #claimIdle}, enough for a worker that read it at the same time.
     */
    public static final Duration PENDING_DEDUPE = Duration.ofDays(1);

    public FanOutSettings {
        RedisKeys.requireValidQueueName(queue);
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(claimIdle, "claimIdle");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (partitions < 1 || batchSize < 1 || claimIdle.isNegative() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("fan-out settings out of range: " + partitions + " partitions, batch "
                    + batchSize + ", claim idle " + claimIdle + ", poll " + pollInterval);
        }
    }
}
