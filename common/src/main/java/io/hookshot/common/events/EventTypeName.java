package io.hookshot.common.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of an event type in the catalogue ({@code invoice.paid}): 1 to 128 letters, digits, {@code .}, {@code _}
 * or {@code -}, starting with a letter or digit.
 */
public record EventTypeName(String value) {
    /** The longest event type name, in characters. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0," + (MAX_LENGTH - 1) + "}");

    public EventTypeName {
        Objects.requireNonNull(value, "event type");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("event type must be 1 to 128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit, got: '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
