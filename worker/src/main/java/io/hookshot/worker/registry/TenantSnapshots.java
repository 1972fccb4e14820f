package io.hookshot.worker.registry;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Reads tenants' mirrors from PostgreSQL: their endpoints with the secrets that still sign, two queries for any
 * number of tenants. Run it in the transaction that read the versions, so that each state matches its version.
 * Stateless and thread-safe.
 */
final class TenantSnapshots {
    private TenantSnapshots() {}

    /** The snapshot of each tenant of {@code versions}, in its order; a tenant without endpoints has an empty one. */
    static List<TenantSnapshot> read(Handle h, Map<TenantId, Long> versions, Instant now) {
        Map<TenantId, List<MirroredEndpoint>> endpoints = new LinkedHashMap<>();
        Map<TenantId, Map<String, String>> reasons = new HashMap<>();
        versions.keySet().forEach(tenant -> endpoints.put(tenant, new ArrayList<>()));
        Map<EndpointId, List<EndpointSecret>> secrets = SecretStore.signing(h, versions.keySet(), now);
        for (Endpoint e : EndpointStore.list(h, versions.keySet())) {
            endpoints.get(e.tenant()).add(mirrored(e, secrets.getOrDefault(e.id(), List.of())));
            if (e.disabled() && e.disabledReason().isPresent()) {
                reasons.computeIfAbsent(e.tenant(), t -> new HashMap<>())
                        .put(e.id().value(), e.disabledReason().get());
            }
        }
        List<TenantSnapshot> out = new ArrayList<>(versions.size());
        versions.forEach((tenant, version) -> out.add(
                new TenantSnapshot(tenant, version, endpoints.get(tenant), reasons.getOrDefault(tenant, Map.of()))));
        return out;
    }

    /** One tenant's snapshot at {@code version}. */
    static TenantSnapshot read(Handle h, TenantId tenant, long version, Instant now) {
        return read(h, Map.of(tenant, version), now).getFirst();
    }

    private static MirroredEndpoint mirrored(Endpoint e, List<EndpointSecret> secrets) {
        return new MirroredEndpoint(
                e.id(),
                e.tenant(),
                e.url(),
                new HashSet<>(e.eventTypes()),
                new HashSet<>(e.channels()),
                e.headers(),
                secrets.stream().map(EndpointSecret::mirrored).toList(),
                e.rateLimit(),
                e.disabled());
    }
}
