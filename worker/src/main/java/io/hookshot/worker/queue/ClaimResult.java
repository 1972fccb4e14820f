package io.hookshot.worker.queue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code claim} call leased, and when this partition is worth asking again: {@link Duration#ZERO} when
 * more jobs are ready now, the time until the earliest delayed job is due, or empty when nothing is waiting.
 *
 * @param rateLimited ready jobs the call left ready because their endpoint was over its rate limit
 */
public record ClaimResult(List<ClaimedJob> jobs, Optional<Duration> nextDue, int rateLimited) {
    /** A result with no job left for a rate limit. */
    public ClaimResult(List<ClaimedJob> jobs, Optional<Duration> nextDue) {
        this(jobs, nextDue, 0);
    }
}
