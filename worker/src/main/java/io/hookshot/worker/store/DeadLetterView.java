package io.hookshot.worker.store;

import java.time.Instant;

/**
 * A message in the dead-letter archive ({@code hookshot_dead_letter}). Immutable.
 *
 * @param url    the target URL; empty when the stored job could not be decoded
 * @param job    the encoded job as it was stored in Redis, for replaying it
 * @param diedAt when it died (Redis server clock)
 */
public record DeadLetterView(
        String messageId,
        String queue,
        String url,
        String reason,
        String job,
        int attempts,
        Instant diedAt,
        Instant archivedAt) {}
