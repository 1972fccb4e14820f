package io.hookshot.worker.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What a search of a tenant's events asks for: an optional event type, a creation time range ({@code since}
 * inclusive, {@code until} exclusive), a page size and the cursor to continue from. Immutable.
 */
public record EventFilter(
        Optional<String> eventType,
        Optional<Instant> since,
        Optional<Instant> until,
        int limit,
        Optional<PageCursor> cursor) {

    public EventFilter {
        if (limit < 1 || limit > SearchFilter.MAX_LIMIT) {
            throw new InvalidFilterException(
                    "limit", "limit must be from 1 to " + SearchFilter.MAX_LIMIT + ", got " + limit);
        }
    }

    /**
     * Reads a filter from query parameters, each null when not given; times and limits as {@link SearchFilter#parse}
     * reads them. Throws {@link InvalidFilterException} naming the parameter.
     */
    public static EventFilter parse(
            String eventType, String since, String until, String limit, String cursor, Clock clock) {
        SearchFilter common = SearchFilter.parse(null, null, since, until, limit, cursor, clock);
        return new EventFilter(
                eventType == null || eventType.isBlank() ? Optional.empty() : Optional.of(eventType.strip()),
                common.since(),
                common.until(),
                common.limit(),
                common.cursor());
    }

    public EventFilter after(PageCursor next) {
        return new EventFilter(eventType, since, until, limit, Optional.of(next));
    }
}
