package io.hookshot.worker.queue;

import java.time.Duration;

/**
 * How this worker uses the queue.
 *
 * @param queue           queue name
 * @param partitions      partition count (must match the producers')
 * @param lease           how long a claimed job stays leased without renewal
 * @param endpointCap     most jobs of one endpoint in flight at once, across all workers
 * @param maxStalls       leases a job may lose before it is declared dead
 * @param promoteLimit    most delayed jobs promoted per claim call
 * @param reapLimit       most expired leases reaped per partition per reap call
 * @param endpoints       breaker and rate limit settings
 */
public record QueueSettings(
        String queue,
        int partitions,
        Duration lease,
        int endpointCap,
        int maxStalls,
        int promoteLimit,
        int reapLimit,
        EndpointPolicy endpoints) {
    public static final int DEFAULT_PROMOTE_LIMIT = 1000;
    public static final int DEFAULT_REAP_LIMIT = 1000;
    /** The breaker's hold when none is given: a day. */
    public static final Duration DEFAULT_MAX_HOLD = Duration.ofDays(1);

    /** Settings with the breaker at its defaults and no rate limit, as tests of other parts use. */
    public QueueSettings(
            String queue,
            int partitions,
            Duration lease,
            int endpointCap,
            int maxStalls,
            int promoteLimit,
            int reapLimit) {
        this(
                queue,
                partitions,
                lease,
                endpointCap,
                maxStalls,
                promoteLimit,
                reapLimit,
                EndpointPolicy.holdingFor(DEFAULT_MAX_HOLD));
    }
}
