package io.hookshot.common.events;

import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id of a registered endpoint: {@code ep_} and 1 to 64 letters or digits. Made by the registry. */
public record EndpointId(String value) {
    public static final String PREFIX = "ep_";
    private static final Pattern ALLOWED = Pattern.compile(PREFIX + "[A-Za-z0-9]{1,64}");
    private static final HexFormat HEX = HexFormat.of();

    public EndpointId {
        Objects.requireNonNull(value, "endpoint id");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "endpoint id must be 'ep_' and 1 to 64 letters or digits, got: '" + value + "'");
        }
    }

    /** A new random id ({@code ep_} and 32 hex digits). */
    public static EndpointId random() {
        UUID uuid = UUID.randomUUID();
        return new EndpointId(PREFIX
                + HEX.toHexDigits(uuid.getMostSignificantBits())
                + HEX.toHexDigits(uuid.getLeastSignificantBits()));
    }

    @Override
    public String toString() {
        return value;
    }
}
