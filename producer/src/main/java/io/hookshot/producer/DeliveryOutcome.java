package io.hookshot.producer;

import io.hookshot.common.MessageId;
import java.util.Objects;
import java.util.Optional;

/**
 * How an awaited message ended ({@link HookshotProducer#sendAndAwait}): {@link Delivered} or {@link Dead}. Values,
 * immutable.
 */
public sealed interface DeliveryOutcome permits DeliveryOutcome.Delivered, DeliveryOutcome.Dead {
    /** The most characters of a response body an outcome keeps. */
    int MAX_EXCERPT = 1024;

    /** The message this is the outcome of. */
    MessageId id();

    /** Attempts made, the last included (0 for a message that died without one). */
    int attempts();

    /**
     * The receiver answered 2xx.
     *
     * @param statusCode      the status of the successful attempt
     * @param responseExcerpt the start of its response body, at most {@value #MAX_EXCERPT} characters
     */
    record Delivered(MessageId id, int statusCode, int attempts, String responseExcerpt) implements DeliveryOutcome {
        public Delivered {
            Objects.requireNonNull(id, "id");
            responseExcerpt = excerpt(responseExcerpt);
        }
    }

    /**
     * The message is dead: in the dead-letter archive, never to be attempted again unless replayed.
     *
     * @param reason     why, as the history records it (for example {@code gone}, or the retries used up)
     * @param lastStatus the last attempt's response status, when it had a response
     */
    record Dead(MessageId id, String reason, int attempts, Optional<Integer> lastStatus) implements DeliveryOutcome {
        public Dead {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(lastStatus, "lastStatus");
        }
    }

    private static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_EXCERPT ? body : body.substring(0, MAX_EXCERPT);
    }
}
