package io.hookshot.worker.api;

import io.hookshot.worker.store.InvalidFilterException;
import io.hookshot.worker.store.SearchFilter;
import io.javalin.http.Context;
import java.time.Clock;

/** Reads a {@link SearchFilter} from the query string; a bad parameter is a 400 naming it. */
final class Filters {
    private Filters() {}

    static SearchFilter from(Context ctx, Clock clock) {
        try {
            return SearchFilter.parse(
                    ctx.queryParam("status"),
                    ctx.queryParam("url"),
                    ctx.queryParam("since"),
                    ctx.queryParam("until"),
                    ctx.queryParam("limit"),
                    ctx.queryParam("cursor"),
                    clock);
        } catch (InvalidFilterException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
    }

    /** A boolean query parameter: true, false, or absent ({@code fallback}). */
    static boolean flag(Context ctx, String name, boolean fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name, name + " must be true or false, got '" + value + "'");
        };
    }

    /** A whole-number query parameter within [min, max], or {@code fallback} when absent. */
    static int number(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(
                name, name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
}
