package io.hookshot.worker.registry;

import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import java.util.List;
import java.util.Objects;

/**
 * One tenant's endpoints as PostgreSQL holds them at one version, with the secrets that still sign: what its Redis
 * mirror is made of. Immutable.
 *
 * @param version {@code hookshot_tenant.version} when it was read; 0 for a tenant PostgreSQL does not know
 */
record TenantSnapshot(TenantId tenant, long version, List<MirroredEndpoint> endpoints) {
    TenantSnapshot {
        Objects.requireNonNull(tenant, "tenant");
        endpoints = List.copyOf(endpoints);
    }
}
