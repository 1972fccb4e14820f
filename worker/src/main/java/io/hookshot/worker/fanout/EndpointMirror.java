package io.hookshot.worker.fanout;

import io.hookshot.common.events.EndpointMirrorCodec;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants' endpoints as the fan-out reads them from the registry's Redis mirror ({@link EventKeys#endpoints}). Every
 * read asks Redis for each tenant's {@value EventKeys#VERSION_FIELD} (one pipelined round trip for all of a batch's
 * tenants) and reads a tenant's whole hash only when its version changed, so a registry change counts from the next
 * batch on. A tenant without a mirror has no endpoints. The fan-out reads it for each batch, the admin API for the
 * endpoint routes. Thread-safe.
 */
public final class EndpointMirror {
    /** The most tenants whose endpoints are kept between reads; the least recently used go first. */
    static final int MAX_TENANTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(EndpointMirror.class);

    private record Copy(String version, List<MirroredEndpoint> endpoints) {}

    private final RedissonClient redis;
    private final String queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<TenantId, Copy> copies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TenantId, Copy> eldest) {
            return size() > MAX_TENANTS;
        }
    };

    public EndpointMirror(RedissonClient redis, String queue) {
        this.redis = redis;
        this.queue = queue;
    }

    /** The endpoints of {@code tenant}, disabled ones included, by id. */
    public List<MirroredEndpoint> endpointsOf(TenantId tenant) {
        return endpointsOf(List.of(tenant)).get(tenant);
    }

    /** One endpoint of {@code tenant}, when the mirror has it. */
    public java.util.Optional<MirroredEndpoint> find(TenantId tenant, String endpointId) {
        return endpointsOf(tenant).stream()
                .filter(e -> e.id().value().equals(endpointId))
                .findFirst();
    }

    /** The endpoints of each tenant, as the mirror holds them now (disabled ones included). */
    Map<TenantId, List<MirroredEndpoint>> endpointsOf(Collection<TenantId> tenants) {
        List<TenantId> asked = List.copyOf(new java.util.LinkedHashSet<>(tenants));
        RBatch versions = redis.createBatch();
        for (TenantId t : asked) {
            versions.getMap(EventKeys.endpoints(queue, t), StringCodec.INSTANCE).getAsync(EventKeys.VERSION_FIELD);
        }
        List<?> current = asked.isEmpty() ? List.of() : versions.execute().getResponses();
        Map<TenantId, List<MirroredEndpoint>> out = new HashMap<>();
        List<TenantId> stale = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < asked.size(); i++) {
                Object version = current.get(i);
                Copy copy = copies.get(asked.get(i));
                if (version == null) {
                    out.put(asked.get(i), List.of());
                } else if (copy != null && Objects.equals(copy.version(), version)) {
                    out.put(asked.get(i), copy.endpoints());
                } else {
                    stale.add(asked.get(i));
                }
            }
        } finally {
            lock.unlock();
        }
        if (!stale.isEmpty()) {
            out.putAll(readWhole(stale));
        }
        return out;
    }

    private Map<TenantId, List<MirroredEndpoint>> readWhole(List<TenantId> tenants) {
        RBatch batch = redis.createBatch();
        for (TenantId t : tenants) {
            batch.getMap(EventKeys.endpoints(queue, t), StringCodec.INSTANCE).readAllMapAsync();
        }
        BatchResult<?> result = batch.execute();
        Map<TenantId, List<MirroredEndpoint>> out = new HashMap<>();
        lock.lock();
        try {
            for (int i = 0; i < tenants.size(); i++) {
                Map<?, ?> hash = (Map<?, ?>) result.getResponses().get(i);
                Copy copy = decode(tenants.get(i), hash);
                copies.put(tenants.get(i), copy);
                out.put(tenants.get(i), copy.endpoints());
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** The version comes from the hash itself, so the copy is exactly the hash it was read with. */
    private static Copy decode(TenantId tenant, Map<?, ?> hash) {
        List<MirroredEndpoint> endpoints = new ArrayList<>(hash.size());
        hash.forEach((field, value) -> {
            if (EventKeys.VERSION_FIELD.equals(field)) {
                return;
            }
            try {
                endpoints.add(EndpointMirrorCodec.decode((String) value));
            } catch (IllegalArgumentException e) {
                LOG.error(
                        "endpoint {} of tenant {} in the Redis mirror cannot be read, left out of fan-out: {}",
                        field,
                        tenant,
                        e.getMessage());
            }
        });
        endpoints.sort(java.util.Comparator.comparing(e -> e.id().value()));
        Object version = hash.get(EventKeys.VERSION_FIELD);
        return new Copy(version == null ? null : version.toString(), List.copyOf(endpoints));
    }
}
