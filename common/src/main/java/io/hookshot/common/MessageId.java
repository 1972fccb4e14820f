package io.hookshot.common;

import java.util.Objects;

/**
 * The id of one webhook message. Stable across retries: it is sent to the receiver as {@code webhook-id}.
 *
 * <p>Ids are made by the producer ({@code msg_} followed by a time-ordered UUID) but any string of 1 to 128
 * letters, digits, {@code _} or {@code -} is accepted, so ids from other systems can be reused. No {@code .}: the
 * signature covers {@code id.timestamp.body}, and Standard Webhooks forbids it in ids for that reason.
 */
public record MessageId(String value) {
    /** The longest id, in characters. */
    private static final int MAX_LENGTH = 128;

    public MessageId {
        Objects.requireNonNull(value, "message id");
        if (!isAllowed(value)) {
            throw new IllegalArgumentException(
                    "message id must be 1 to 128 letters, digits, '_' or '-', got: '" + value + "'");
        }
    }

    /**
     * {@code [A-Za-z0-9_-]{1,128}}, checked with a loop: ids are made for every message sent and read for every
     * delivery, and a regular expression was a visible part of that cost.
     */
    private static boolean isAllowed(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
