package io.hookshot.common;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of one webhook message. Stable across retries: it is sent to the receiver as {@code webhook-id}.
 *
 * <p>Ids are made by the producer ({@code msg_} followed by a time-ordered UUID) but any string of 1 to 128
 * letters, digits, {@code _} or {@code -} is accepted, so ids from other systems can be reused. No {@code .}: the
 * signature covers {@code id.timestamp.body}, and Standard Webhooks forbids it in ids for that reason.
 */
public record MessageId(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_\\-]{1,128}");

    public MessageId {
        Objects.requireNonNull(value, "message id");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "message id must be 1 to 128 letters, digits, '_' or '-', got: '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
