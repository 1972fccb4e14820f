package io.hookshot.common;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A producer's request to be told how a message (or an event's fan-out) ends: when it is delivered or dead, the
 * script that settles it writes an outcome record ({@link RedisKeys#outcome}, {@link RedisKeys#eventOutcome}) that
 * lasts {@code keep}, and publishes the same text on {@code channel} ({@link RedisKeys#outcomeChannel}). Jobs that did
 * not ask cost nothing more. Immutable.
 *
 * <p>Stored with the job (its hash's {@value #JOB_FIELD} field) and on the event's stream entry as
 * {@link #wireForm()}: {@code <keep ms> <channel>}, which {@code include/outcome.lua} reads.
 *
 * @param channel the producer's pub/sub channel, without spaces
 * @param keep    how long the outcome record lasts, at least 1 ms: long enough for the producer's status read
 */
public record OutcomeRequest(String channel, Duration keep) {
    /** The job hash's field holding {@link #wireForm()}; the scripts' {@code include/outcome.lua} reads it. */
    public static final String JOB_FIELD = "notify";

    private static final Pattern WIRE = Pattern.compile("(\\d{1,15}) (\\S+)");

    public OutcomeRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(keep, "keep");
        if (channel.isEmpty() || channel.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("outcome channel must be non-empty, without spaces: '" + channel + "'");
        }
        if (keep.toMillis() < 1) {
            throw new IllegalArgumentException("outcome record must be kept at least 1 ms, got " + keep);
        }
    }

    /** {@code <keep ms> <channel>}, as the scripts read it. */
    public String wireForm() {
        return keep.toMillis() + " " + channel;
    }

    /** Reads {@link #wireForm()}; empty for null, blank or malformed text. */
    public static Optional<OutcomeRequest> fromWire(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = WIRE.matcher(text);
        return m.matches()
                ? Optional.of(new OutcomeRequest(m.group(2), Duration.ofMillis(Long.parseLong(m.group(1)))))
                : Optional.empty();
    }
}
