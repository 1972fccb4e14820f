package io.hookshot.worker.replay;

/** What replaying one dead letter did. Immutable. */
public sealed interface ReplayOutcome {
    String messageId();

    /** Back on the queue, ready now; its next attempt is numbered {@code firstAttempt}. */
    record Replayed(String messageId, String url, int firstAttempt) implements ReplayOutcome {}

    /** No dead letter with this id in this queue's archive. */
    record NotFound(String messageId) implements ReplayOutcome {}

    /** Nothing done: the job is still live in Redis (replaying it would deliver it twice), or cannot be decoded. */
    record Refused(String messageId, String reason) implements ReplayOutcome {}
}
