package io.hookshot.common.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of a tenant: the user's own customer, chosen by the user ({@code acme}). Endpoints belong to one tenant and
 * events are published to one. 1 to 64 letters, digits, {@code _}, {@code -} or {@code .}; case matters.
 */
public record TenantId(String value) {
    /** The longest tenant id, in characters. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.\\-]{1," + MAX_LENGTH + "}");

    public TenantId {
        Objects.requireNonNull(value, "tenant");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "tenant must be 1 to 64 letters, digits, '_', '-' or '.', got: '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
