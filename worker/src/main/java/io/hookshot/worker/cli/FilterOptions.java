package io.hookshot.worker.cli;

import io.hookshot.worker.store.SearchFilter;
import java.time.Clock;
import picocli.CommandLine.Option;

/** The search filter options shared by {@code messages} and {@code dlq}: the API's query parameters. */
final class FilterOptions {
    @Option(names = "--status", description = "pending, delivering, retrying, delivered or dead (messages only).")
    String status;

    @Option(names = "--url", description = "Exact target URL.")
    String url;

    @Option(names = "--since", description = "From this time: an ISO-8601 instant, or a duration back (1h).")
    String since;

    @Option(names = "--until", description = "Before this time: an ISO-8601 instant, or a duration back (10m).")
    String until;

    @Option(names = "--limit", description = "Rows per page, 1 to 1000 (default 50).")
    String limit;

    @Option(names = "--cursor", description = "Continue from a page's next cursor.")
    String cursor;

    SearchFilter filter() {
        return SearchFilter.parse(status, url, since, until, limit, cursor, Clock.systemUTC());
    }

    /** The filter for dead letters, which take no status (they are all dead). */
    SearchFilter deadLetterFilter() {
        if (status != null) {
            throw new IllegalArgumentException("--status: dead letters take no status filter (they are all dead)");
        }
        return filter();
    }

    boolean narrows() {
        return url != null || since != null || until != null;
    }
}
