package io.hookshot.worker.queue;

/** What {@code settle} answered for one settlement. */
public enum SettleResult {
    /** Recorded (by this call, or by an earlier run of the same call that Redisson sent again). */
    SETTLED,
    /** The lease was lost (reaped): nothing changed. Another worker owns the job now. */
    STALE,
    /** The job no longer exists (delivered already): nothing changed. */
    GONE;

    static SettleResult of(long code) {
        return code == 1 ? SETTLED : code == 0 ? STALE : GONE;
    }
}
