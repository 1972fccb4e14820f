package io.hookshot.common.events;

import io.hookshot.common.MessageId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The id of a published event. Made by the producer ({@code evt_} and a time-ordered UUID) unless the caller gives
 * one; any string of 1 to 128 letters, digits, {@code _} or {@code -} is accepted, as for {@link MessageId}.
 */
public record EventId(String value) {
    public static final String PREFIX = "evt_";
    private static final HexFormat HEX = HexFormat.of();

    public EventId {
        Objects.requireNonNull(value, "event id");
        try {
            new MessageId(value); // the same alphabet and length
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "event id must be 1 to 128 letters, digits, '_' or '-', got: '" + value + "'");
        }
    }

    /**
     * The id of this event's message to {@code endpoint}: {@code msg_} and the first 32 hex digits of SHA-256 over
     * both ids. The same on every run, so a fan-out run twice (a worker died half-way) makes no second message.
     */
    public MessageId messageIdFor(EndpointId endpoint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((value + "\n" + endpoint.value()).getBytes(StandardCharsets.UTF_8));
            return new MessageId("msg_" + HEX.formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) { // every JDK has SHA-256
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
