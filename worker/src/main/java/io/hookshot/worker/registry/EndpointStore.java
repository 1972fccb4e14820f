package io.hookshot.worker.registry;

import static io.hookshot.worker.registry.RegistryRows.time;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The SQL of endpoints and of their tenants' versions (tables {@code hookshot_endpoint}, {@code hookshot_tenant}),
 * on a handle the caller holds, in the caller's transaction. Stateless and thread-safe.
 */
final class EndpointStore {
    private static final String COLUMNS = """
            id, tenant, url, event_types, channels, description, headers::text as headers, rate_limit, disabled,
            disabled_reason, metadata::text as metadata, created_at, updated_at""";
    private static final String RAISE_VERSION = """
            insert into hookshot_tenant (id, version, created_at, updated_at) values (:tenant, 1, :now, :now)
            on conflict (id) do update set version = hookshot_tenant.version + 1, updated_at = excluded.updated_at
            returning version""";
    private static final String VERSION = "select version from hookshot_tenant where id = :tenant";
    private static final String VERSIONS_AFTER = """
            select id, version from hookshot_tenant where id > :after order by id limit :limit""";
    private static final String COUNT = "select count(*) from hookshot_endpoint where tenant = :tenant";
    private static final String INSERT = """
            insert into hookshot_endpoint (id, tenant, url, event_types, channels, description, headers, rate_limit,
                                           disabled, disabled_reason, metadata, created_at, updated_at)
            values (:id, :tenant, :url, :eventTypes, :channels, :description, cast(:headers as jsonb), :rateLimit,
                    :disabled, :disabledReason, cast(:metadata as jsonb), :createdAt, :updatedAt)""";
    private static final String UPDATE = """
            update hookshot_endpoint
               set url = :url, event_types = :eventTypes, channels = :channels, description = :description,
                   headers = cast(:headers as jsonb), rate_limit = :rateLimit, disabled = :disabled,
                   disabled_reason = :disabledReason, metadata = cast(:metadata as jsonb), updated_at = :updatedAt
             where id = :id and tenant = :tenant""";
    private static final String TOUCH = "update hookshot_endpoint set updated_at = :now where id = :id";
    private static final String FIND =
            "select " + COLUMNS + " from hookshot_endpoint where id = :id and tenant = :tenant";
    private static final String LIST = "select " + COLUMNS
            + " from hookshot_endpoint where tenant = any(:tenants) order by tenant, created_at, id";
    private static final String DELETE = "delete from hookshot_endpoint where id = :id and tenant = :tenant";
    private static final String TENANT_OF = "select tenant from hookshot_endpoint where id = :id";

    private EndpointStore() {}

    /**
     * Raises the tenant's version (creating its row at 1) and returns it. The row stays locked until the transaction
     * ends, so that changes of one tenant take turns and each sees the one before.
     */
    static long raiseVersion(Handle h, TenantId tenant, Instant now) {
        return h.createQuery(RAISE_VERSION)
                .bind("tenant", tenant.value())
                .bind("now", time(now))
                .mapTo(Long.class)
                .one();
    }

    /** The tenant's version; 0 for a tenant that never had an endpoint. */
    static long version(Handle h, TenantId tenant) {
        return h.createQuery(VERSION)
                .bind("tenant", tenant.value())
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /** Up to {@code limit} tenants after {@code after} (by id; "" for the first), with their versions, in order. */
    static Map<TenantId, Long> versionsAfter(Handle h, String after, int limit) {
        return h
                .createQuery(VERSIONS_AFTER)
                .bind("after", after)
                .bind("limit", limit)
                .map((rs, ctx) -> Map.entry(new TenantId(rs.getString("id")), rs.getLong("version")))
                .list()
                .stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    static long count(Handle h, TenantId tenant) {
        return h.createQuery(COUNT)
                .bind("tenant", tenant.value())
                .mapTo(Long.class)
                .one();
    }

    static void insert(Handle h, Endpoint e) {
        bindRow(h.createUpdate(INSERT), e)
                .bind("createdAt", time(e.createdAt()))
                .execute();
    }

    static void update(Handle h, Endpoint e) {
        bindRow(h.createUpdate(UPDATE), e).execute();
    }

    /** Marks the endpoint changed at {@code now} (its secrets changed). */
    static void touch(Handle h, EndpointId id, Instant now) {
        h.createUpdate(TOUCH).bind("id", id.value()).bind("now", time(now)).execute();
    }

    static Optional<Endpoint> find(Handle h, TenantId tenant, EndpointId id) {
        return h.createQuery(FIND)
                .bind("id", id.value())
                .bind("tenant", tenant.value())
                .map((rs, ctx) -> endpoint(rs))
                .findOne();
    }

    /** The tenant of endpoint {@code id}; empty when there is no such endpoint. */
    static Optional<TenantId> tenantOf(Handle h, EndpointId id) {
        return h.createQuery(TENANT_OF)
                .bind("id", id.value())
                .mapTo(String.class)
                .findOne()
                .map(TenantId::new);
    }

    /** Every endpoint of these tenants, by tenant, oldest first. */
    static List<Endpoint> list(Handle h, Collection<TenantId> tenants) {
        return h.createQuery(LIST)
                .bindArray(
                        "tenants",
                        String.class,
                        tenants.stream().map(TenantId::value).toList())
                .map((rs, ctx) -> endpoint(rs))
                .list();
    }

    /** Deletes the endpoint and its secrets; false when the tenant has no such endpoint. */
    static boolean delete(Handle h, TenantId tenant, EndpointId id) {
        return h.createUpdate(DELETE)
                        .bind("id", id.value())
                        .bind("tenant", tenant.value())
                        .execute()
                == 1;
    }

    private static <S extends SqlStatement<S>> S bindRow(S statement, Endpoint e) {
        return statement
                .bind("id", e.id().value())
                .bind("tenant", e.tenant().value())
                .bind("url", e.url().toString())
                .bindArray("eventTypes", String.class, e.eventTypes())
                .bindArray("channels", String.class, e.channels())
                .bind("description", e.description())
                .bind("headers", RegistryRows.json(e.headers()))
                .bind("rateLimit", e.rateLimit().orElse(null))
                .bind("disabled", e.disabled())
                .bind("disabledReason", e.disabledReason().orElse(null))
                .bind("metadata", RegistryRows.json(e.metadata()))
                .bind("updatedAt", time(e.updatedAt()));
    }

    private static Endpoint endpoint(ResultSet rs) throws SQLException {
        int rateLimit = rs.getInt("rate_limit");
        Optional<Integer> limit = rs.wasNull() ? Optional.empty() : Optional.of(rateLimit);
        return new Endpoint(
                new EndpointId(rs.getString("id")),
                new TenantId(rs.getString("tenant")),
                URI.create(rs.getString("url")),
                RegistryRows.texts(rs, "event_types"),
                RegistryRows.texts(rs, "channels"),
                rs.getString("description"),
                RegistryRows.textMap(rs, "headers"),
                limit,
                rs.getBoolean("disabled"),
                Optional.ofNullable(rs.getString("disabled_reason")),
                RegistryRows.textMap(rs, "metadata"),
                RegistryRows.instant(rs, "created_at"),
                RegistryRows.instant(rs, "updated_at"));
    }
}
