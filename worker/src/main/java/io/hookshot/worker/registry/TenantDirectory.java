package io.hookshot.worker.registry;

import io.hookshot.common.events.TenantId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The tenants the registry knows, in order of id, a page at a time, each with its endpoint counts: one query per page
 * (a keyset on the primary key, and each tenant's endpoints counted on {@code hookshot_endpoint_tenant}). A tenant
 * stays listed after its last endpoint is deleted (its row keeps its version). Thread-safe.
 */
public final class TenantDirectory {
    private static final String PAGE = """
            select t.id, t.created_at, t.updated_at, c.endpoints, c.disabled
            from (select id, created_at, updated_at from hookshot_tenant
                  where id > :after order by id limit :limit) t
            cross join lateral (
                select count(*) as endpoints, count(*) filter (where e.disabled) as disabled
                from hookshot_endpoint e where e.tenant = t.id) c
            order by t.id""";

    /**
     * One page of tenants, and the id the next page starts after (empty on the last page).
     */
    public record TenantPage(List<TenantSummary> items, Optional<TenantId> nextAfter) {
        public TenantPage {
            items = List.copyOf(items);
        }
    }

    private final Jdbi jdbi;

    TenantDirectory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Up to {@code limit} tenants whose id sorts after {@code after} (empty: from the first). */
    public TenantPage list(Optional<TenantId> after, int limit) {
        List<TenantSummary> rows = jdbi.withHandle(h -> h.createQuery(PAGE)
                .bind("after", after.map(TenantId::value).orElse(""))
                .bind("limit", limit + 1)
                .map((rs, ctx) -> new TenantSummary(
                        new TenantId(rs.getString("id")),
                        rs.getLong("endpoints"),
                        rs.getLong("disabled"),
                        RegistryRows.instant(rs, "created_at"),
                        RegistryRows.instant(rs, "updated_at")))
                .list());
        if (rows.size() <= limit) {
            return new TenantPage(rows, Optional.empty());
        }
        List<TenantSummary> page = rows.subList(0, limit);
        return new TenantPage(page, Optional.of(page.getLast().id()));
    }
}
