package io.hookshot.worker.retry;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header value: delta-seconds ({@code 120}) or an HTTP date
 * ({@code Wed, 21 Oct 2015 07:28:00 GMT}). Thread-safe (stateless).
 */
public final class RetryAfter {
    /** The response header name, lower-cased as {@code DispatchResult} headers are. */
    public static final String HEADER = "retry-after";

    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,18}");
    private static final Pattern LONG_DELTA_SECONDS = Pattern.compile("\\d{19,}");
    /** More than any schedule's delay (30 days) can ever be stretched to, so it always clamps to the upper bound. */
    private static final Duration FOREVER = Duration.ofDays(365 * 1000L);

    private RetryAfter() {}

    /** How long the receiver asks to wait from {@code now}; a date in the past is zero; empty when unparsable. */
    public static Optional<Duration> parse(String value, Instant now) {
        String text = value.strip();
        if (DELTA_SECONDS.matcher(text).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        if (LONG_DELTA_SECONDS.matcher(text).matches()) {
            return Optional.of(FOREVER);
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
