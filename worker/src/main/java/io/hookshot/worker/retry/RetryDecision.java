package io.hookshot.worker.retry;

import java.time.Duration;
import java.util.Objects;

/** What to do after a failed attempt: {@link RetryAt try again after a delay}, or {@link GiveUp}. Immutable. */
public sealed interface RetryDecision {

    /**
     * Try the message again once {@code delay} has passed since the failed attempt ended. Immutable.
     *
     * @param delay zero or more, jitter and any {@code Retry-After} hint already applied
     */
    record RetryAt(Duration delay) implements RetryDecision {
        public RetryAt {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("retry delay must not be negative, got " + delay);
            }
        }
    }

    /**
     * Stop trying: the message is dead and goes to the dead-letter archive. Immutable.
     *
     * @param reason for people, starting with a short word that says which rule gave up ({@code exhausted},
     *               {@code gone}, {@code client error}, {@code invalid url}, {@code blocked})
     */
    record GiveUp(String reason) implements RetryDecision {
        public GiveUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
