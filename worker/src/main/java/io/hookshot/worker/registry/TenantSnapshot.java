package io.hookshot.worker.registry;

import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tenant's endpoints as PostgreSQL holds them at one version, with the secrets that still sign: what its Redis
 * mirror is made of. Immutable.
 *
 * @param version         {@code hookshot_tenant.version} when it was read; 0 for a tenant PostgreSQL does not know
 * @param disabledReasons why each disabled endpoint that has a reason is disabled, by endpoint id (not mirrored:
 *                        the endpoint health's script passes it on to the {@code endpoint.disabled} operational event)
 */
record TenantSnapshot(
        TenantId tenant, long version, List<MirroredEndpoint> endpoints, Map<String, String> disabledReasons) {
    TenantSnapshot {
        Objects.requireNonNull(tenant, "tenant");
        endpoints = List.copyOf(endpoints);
        disabledReasons = Map.copyOf(disabledReasons);
    }

    /** A snapshot without disabled reasons. */
    TenantSnapshot(TenantId tenant, long version, List<MirroredEndpoint> endpoints) {
        this(tenant, version, endpoints, Map.of());
    }
}
