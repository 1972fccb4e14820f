package io.hookshot.worker.queue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Hands out claim ids, and hands out a claim's id again when its reply never arrived.
 *
 * <p>A claim whose reply is lost (the client timed out, even after Redisson sent it again) may still have run in
 * Redis and leased jobs that no one is delivering. The claim script remembers what each claim id leased for the
 * length of a lease, so the next claim of that partition goes out under the same id: Redis answers with those jobs
 * (same attempt, same fencing tokens) instead of leaving them to expire and be counted as stalled attempts. After
 * a lease has passed the memo is gone, and a fresh id is used. Thread-safe.
 */
final class ClaimIds {
    private record Unanswered(String claimId, long sinceNanos) {}

    private final String prefix = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReferenceArray<Unanswered> unanswered;
    private final long memoNanos;

    ClaimIds(int partitions, Duration lease) {
        this.unanswered = new AtomicReferenceArray<>(partitions);
        this.memoNanos = lease.toNanos();
    }

    /** The id for the next claim of {@code partition}: the unanswered one while its memo lasts, else a new one. */
    String next(int partition) {
        Unanswered pending = unanswered.get(partition);
        if (pending != null && System.nanoTime() - pending.sinceNanos() < memoNanos) {
            return pending.claimId();
        }
        return prefix + "-" + sequence.incrementAndGet();
    }

    /** The claim got its reply: its id is done with. */
    void answered(int partition) {
        unanswered.set(partition, null);
    }

    /** The claim failed on the client's side; it may have run in Redis, so send its id again next time. */
    void unanswered(int partition, String claimId) {
        Unanswered pending = unanswered.get(partition);
        if (pending == null || !pending.claimId().equals(claimId)) {
            unanswered.set(partition, new Unanswered(claimId, System.nanoTime()));
        }
    }
}
