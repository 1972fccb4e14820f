package io.hookshot.producer;

import io.hookshot.common.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How many Redis replicas must have an enqueue before {@code send} returns, and how long to wait for them: after its
 * enqueue calls the producer sends {@code WAIT replicas timeout} on the same connection, and raises an error when fewer
 * replicas answered in time. What a replica has survives a failover that promotes it. Immutable.
 *
 * @param replicas 0 (return once the master has it; nothing is waited for) to
 *                 {@link ProducerConfig#MAX_ENQUEUE_REPLICAS}
 * @param timeout  1 ms to {@link ProducerConfig#MAX_ENQUEUE_REPLICA_TIMEOUT}
 */
public record ReplicaAcks(int replicas, Duration timeout) {
    /** Nothing waited for: {@link ProducerConfig#DEFAULT_ENQUEUE_REPLICAS} replicas. */
    public static final ReplicaAcks NONE =
            new ReplicaAcks(ProducerConfig.DEFAULT_ENQUEUE_REPLICAS, ProducerConfig.DEFAULT_ENQUEUE_REPLICA_TIMEOUT);

    /** Validates both; throws {@link IllegalArgumentException} naming the environment variable. */
    public ReplicaAcks {
        if (replicas < 0 || replicas > ProducerConfig.MAX_ENQUEUE_REPLICAS) {
            throw new IllegalArgumentException(ProducerConfig.ENV_ENQUEUE_REPLICAS + " (replicas) must be from 0 to "
                    + ProducerConfig.MAX_ENQUEUE_REPLICAS + ", got " + replicas);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1 || timeout.compareTo(ProducerConfig.MAX_ENQUEUE_REPLICA_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    ProducerConfig.ENV_ENQUEUE_REPLICA_TIMEOUT + " (timeout) must be from 1ms" + " to "
                            + Durations.format(ProducerConfig.MAX_ENQUEUE_REPLICA_TIMEOUT) + ", got " + timeout);
        }
    }

    /** Whether any replica is waited for. */
    public boolean waits() {
        return replicas > 0;
    }
}
