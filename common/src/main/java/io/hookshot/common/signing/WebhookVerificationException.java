package io.hookshot.common.signing;

import java.util.Objects;

/**
 * A request failed {@link WebhookVerifier#verify}: do not trust it (answer it with a 4xx). The message says what
 * failed, for a log line; it never repeats a secret or a signature. Immutable.
 */
public final class WebhookVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What failed. */
    public enum Reason {
        /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is missing or blank. */
        MISSING_HEADER,
        /** {@code webhook-timestamp} is not a whole number of seconds. */
        MALFORMED_TIMESTAMP,
        /** {@code webhook-timestamp} is further in the past than the tolerance: perhaps a replay. */
        TIMESTAMP_TOO_OLD,
        /** {@code webhook-timestamp} is further in the future than the tolerance. */
        TIMESTAMP_TOO_NEW,
        /** No {@code v1} signature in {@code webhook-signature} matches the body, id and timestamp under any secret. */
        NO_MATCHING_SIGNATURE
    }

    private final Reason reason;

    WebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
