package io.hookshot.worker.store;

import io.hookshot.common.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a search of messages or dead letters asks for: optional status (messages only), exact URL, a time range
 * ({@code since} inclusive, {@code until} exclusive; creation time for messages, time of death for dead letters),
 * a page size and the cursor of the page to continue from. Immutable.
 */
public record SearchFilter(
        Optional<MessageStatus> status,
        Optional<String> url,
        Optional<Instant> since,
        Optional<Instant> until,
        int limit,
        Optional<PageCursor> cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public SearchFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFilterException("limit", "limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** No filter: the first {@value #DEFAULT_LIMIT} rows. */
    public static SearchFilter all() {
        return new SearchFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_LIMIT,
                Optional.empty());
    }

    /**
     * Reads a filter from text, as a query string or command line gives it; each argument may be null (not given).
     * Times are ISO-8601 instants ({@code 2026-11-28T10:00:00Z}) or a duration back from now ({@code 1h}).
     * Throws {@link InvalidFilterException} naming the parameter.
     */
    public static SearchFilter parse(
            String status, String url, String since, String until, String limit, String cursor, Clock clock) {
        Optional<Instant> from = time("since", since, clock);
        Optional<Instant> to = time("until", until, clock);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidFilterException(
                    "until", "until (" + to.get() + ") must be after since (" + from.get() + ")");
        }
        return new SearchFilter(
                blank(status) ? Optional.empty() : Optional.of(status(status)),
                blank(url) ? Optional.empty() : Optional.of(url.strip()),
                from,
                to,
                limit(limit),
                blank(cursor) ? Optional.empty() : Optional.of(PageCursor.decode(cursor.strip())));
    }

    /** The same filter, from {@code cursor} on. */
    public SearchFilter after(PageCursor next) {
        return new SearchFilter(status, url, since, until, limit, Optional.of(next));
    }

    /** The same filter with another page size. */
    public SearchFilter withLimit(int newLimit) {
        return new SearchFilter(status, url, since, until, newLimit, cursor);
    }

    private static MessageStatus status(String text) {
        try {
            return MessageStatus.of(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidFilterException(
                    "status",
                    "status must be one of pending, delivering, retrying," + " delivered, dead; got '" + text + "'");
        }
    }

    private static int limit(String text) {
        if (blank(text)) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidFilterException(
                    "limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'");
        }
    }

    private static Optional<Instant> time(String field, String text, Clock clock) {
        if (blank(text)) {
            return Optional.empty();
        }
        String t = text.strip();
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException notAnInstant) {
            try {
                Duration back = Durations.parse(t);
                return Optional.of(clock.instant().minus(back));
            } catch (IllegalArgumentException notADuration) {
                throw new InvalidFilterException(
                        field,
                        field + " must be an ISO-8601 instant like"
                                + " 2026-11-28T10:00:00Z, or a duration back from now like 1h; got '" + t + "'");
            }
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
