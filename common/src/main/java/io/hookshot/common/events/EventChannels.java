package io.hookshot.common.events;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The channels of an event: free tags an endpoint limited to channels must share with it to receive it (see
 * {@link MirroredEndpoint#accepts}). Stateless.
 */
public final class EventChannels {
    /** The most channels one event may carry (as Svix allows). */
    public static final int MAX_PER_EVENT = 5;
    /** The longest channel name, in characters. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:\\-]{1," + MAX_LENGTH + "}");

    private EventChannels() {}

    /**
     * Throws {@link IllegalArgumentException} saying what is wrong unless there are at most {@value #MAX_PER_EVENT}
     * channels, each 1 to {@value #MAX_LENGTH} letters, digits, {@code .}, {@code _}, {@code -} or {@code :}.
     */
    public static void check(Collection<String> channels) {
        if (channels.size() > MAX_PER_EVENT) {
            throw new IllegalArgumentException(
                    "an event has at most " + MAX_PER_EVENT + " channels, got " + channels.size());
        }
        for (String channel : channels) {
            if (channel == null || !ALLOWED.matcher(channel).matches()) {
                throw new IllegalArgumentException("a channel must be 1 to " + MAX_LENGTH + " letters, digits, '.',"
                        + " '_', '-' or ':', got: '" + channel + "'");
            }
        }
    }
}
