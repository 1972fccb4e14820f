package io.hookshot.worker.registry;

import static io.hookshot.worker.registry.RegistryRows.time;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import io.hookshot.common.signing.SigningSecret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of endpoints' signing secrets (table {@code hookshot_endpoint_secret}), on a handle the caller holds, in
 * the caller's transaction. Stateless and thread-safe.
 */
final class SecretStore {
    private static final String INSERT = """
            insert into hookshot_endpoint_secret (endpoint_id, secret, created_at) values (:id, :secret, :now)""";
    private static final String END_CURRENT = """
            update hookshot_endpoint_secret set expires_at = :expiresAt where endpoint_id = :id and expires_at is null""";
    /** Secrets that stopped signing, and rotated-out ones beyond the {@code :keep} made last. */
    private static final String PRUNE = """
            delete from hookshot_endpoint_secret
             where endpoint_id = :id and expires_at is not null
               and (expires_at <= :now
                    or secret not in (select secret from hookshot_endpoint_secret
                                       where endpoint_id = :id and expires_at is not null
                                       order by created_at desc limit :keep))""";

    private static final String SIGNING = """
            select s.endpoint_id, s.secret, s.created_at, s.expires_at
              from hookshot_endpoint_secret s join hookshot_endpoint e on e.id = s.endpoint_id
             where e.tenant = any(:tenants) and (s.expires_at is null or s.expires_at > :now)
             order by s.endpoint_id, s.expires_at desc nulls first, s.created_at desc""";
    private static final String OF_ENDPOINT = """
            select endpoint_id, secret, created_at, expires_at from hookshot_endpoint_secret
             where endpoint_id = :id and (expires_at is null or expires_at > :now)
             order by expires_at desc nulls first, created_at desc""";

    private SecretStore() {}

    /** Makes {@code secret} the endpoint's current secret; the caller ended the one before, if any. */
    static void insert(Handle h, EndpointId id, SigningSecret secret, Instant now) {
        h.createUpdate(INSERT)
                .bind("id", id.value())
                .bind("secret", secret.encoded())
                .bind("now", time(now))
                .execute();
    }

    /** Gives the current secret an end: it signs until {@code expiresAt}. */
    static void endCurrent(Handle h, EndpointId id, Instant expiresAt) {
        h.createUpdate(END_CURRENT)
                .bind("id", id.value())
                .bind("expiresAt", time(expiresAt))
                .execute();
    }

    /** Deletes the rotated-out secrets that no longer sign at {@code now}, and all but the {@code keep} made last. */
    static void prune(Handle h, EndpointId id, int keep, Instant now) {
        h.createUpdate(PRUNE)
                .bind("id", id.value())
                .bind("now", time(now))
                .bind("keep", keep)
                .execute();
    }

    /** The endpoint's secrets that sign at {@code now}, current first, then the latest to expire. */
    static List<EndpointSecret> signing(Handle h, EndpointId id, Instant now) {
        return h.createQuery(OF_ENDPOINT)
                .bind("id", id.value())
                .bind("now", time(now))
                .map((rs, ctx) -> secret(rs))
                .list();
    }

    /** The secrets that sign at {@code now} of every endpoint of these tenants, in the order of {@link #signing}. */
    static Map<EndpointId, List<EndpointSecret>> signing(Handle h, Collection<TenantId> tenants, Instant now) {
        Map<EndpointId, List<EndpointSecret>> out = new LinkedHashMap<>();
        h.createQuery(SIGNING)
                .bindArray(
                        "tenants",
                        String.class,
                        tenants.stream().map(TenantId::value).toList())
                .bind("now", time(now))
                .map((rs, ctx) -> Map.entry(new EndpointId(rs.getString("endpoint_id")), secret(rs)))
                .forEach(e ->
                        out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    private static EndpointSecret secret(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new EndpointSecret(
                SigningSecret.parse(rs.getString("secret")),
                RegistryRows.instant(rs, "created_at"),
                RegistryRows.optionalInstant(rs, "expires_at"));
    }
}
