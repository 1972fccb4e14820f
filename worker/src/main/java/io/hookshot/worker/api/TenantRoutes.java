package io.hookshot.worker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.registry.TenantDirectory;
import io.hookshot.worker.registry.TenantDirectory.TenantPage;
import io.hookshot.worker.registry.TenantSummary;
import io.hookshot.worker.store.SearchFilter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/tenants?limit=&cursor=}: the tenants the registry knows, by id, a page at a time, each with its
 * endpoint counts. {@code limit} and {@code cursor} as the other searches take them. Thread-safe.
 */
final class TenantRoutes {
    /** What a cursor says before the id it continues after, so that a cursor of another search is refused. */
    private static final String CURSOR_MARK = "tenant:";

    private final TenantDirectory tenants;

    TenantRoutes(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    /** One tenant as the API shows it. */
    record TenantJson(String id, long endpoints, long disabledEndpoints, String createdAt, String updatedAt) {
        static TenantJson of(TenantSummary t) {
            return new TenantJson(
                    t.id().value(),
                    t.endpoints(),
                    t.disabledEndpoints(),
                    Views.text(t.createdAt()),
                    Views.text(t.updatedAt()));
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TenantPageJson(List<TenantJson> items, String nextCursor) {}

    void register(RoutesConfig routes) {
        routes.get("/v1/tenants", this::list);
    }

    private void list(Context ctx) {
        int limit = Filters.number(ctx, "limit", SearchFilter.DEFAULT_LIMIT, 1, SearchFilter.MAX_LIMIT);
        TenantPage page = tenants.list(after(ctx.queryParam("cursor")), limit);
        ctx.json(new TenantPageJson(
                page.items().stream().map(TenantJson::of).toList(),
                page.nextAfter().map(TenantRoutes::cursor).orElse(null)));
    }

    private static String cursor(TenantId after) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_MARK + after.value()).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<TenantId> after(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_MARK)) {
                return Optional.of(new TenantId(text.substring(CURSOR_MARK.length())));
            }
        } catch (IllegalArgumentException e) {
            // reported below: not base64, or not a tenant id
        }
        throw ApiException.badRequest(
                "cursor",
                "cursor is not one this server handed out: pass the nextCursor of the previous page" + " unchanged");
    }
}
