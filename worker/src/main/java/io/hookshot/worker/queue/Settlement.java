package io.hookshot.worker.queue;

import java.time.Duration;

/** The outcome of one attempt, to be recorded by {@code settle} if the lease still holds. */
public sealed interface Settlement {
    Lease lease();

    AttemptRecord attempt();

    /** The receiver took it: the job leaves Redis. */
    record Delivered(Lease lease, AttemptRecord attempt) implements Settlement {}

    /** It failed; try again after {@code delay} (server clock). */
    record Retrying(Lease lease, AttemptRecord attempt, Duration delay) implements Settlement {}

    /** It failed for good: to the dead-letter archive with {@code reason}. */
    record Dead(Lease lease, AttemptRecord attempt, String reason) implements Settlement {}
}
