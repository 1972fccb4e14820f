package io.hookshot.worker.store;

import java.time.Instant;

/**
 * A message as the history knows it ({@code hookshot_message}). Immutable.
 *
 * @param url            the target URL; empty only while nothing but a stalled record of it was seen
 * @param attempts       the latest attempt recorded, 0 before the first
 * @param nextAttemptAt  when the next attempt is due, or null when none is
 * @param finishedAt     when it was delivered or died, or null while it is live
 * @param lastStatusCode the latest attempt's HTTP status, or null when it got no response (or none was made)
 * @param lastError      what went wrong in the latest attempt, or null
 */
public record MessageView(
        String id,
        String queue,
        String url,
        MessageStatus status,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Integer lastStatusCode,
        String lastError) {}
