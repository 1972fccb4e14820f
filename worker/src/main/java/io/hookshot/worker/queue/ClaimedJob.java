package io.hookshot.worker.queue;

/**
 * A job leased to this worker by {@code claim}.
 *
 * @param lease    what proves the lease: partition, job id and fencing token
 * @param attempt  this attempt's number, 1 for the first (stalled attempts count)
 * @param fails    how many earlier attempts failed; picks the next delay of the retry schedule
 * @param data     the encoded job, decoded by the worker (it may be corrupt)
 */
public record ClaimedJob(Lease lease, int attempt, int fails, String data) {
    public String id() {
        return lease.id();
    }
}
