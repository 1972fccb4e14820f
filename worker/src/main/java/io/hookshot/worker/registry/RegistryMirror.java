package io.hookshot.worker.registry;

import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.queue.EndpointRateLimit;
import io.hookshot.worker.queue.ScriptRunner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/**
 * The registry's copy in Redis, for fan-out ({@link EventKeys}): per tenant a hash of its endpoints and their version,
 * and the catalogue of event types. Written through the {@code mirror_endpoints} and {@code mirror_event_types}
 * scripts, so that a tenant's endpoints and their version change together. Thread-safe; Redis failures are thrown
 * ({@link org.redisson.client.RedisException}).
 */
final class RegistryMirror {
    /**
     * What writing a tenant's mirror did.
     *
     * @param written whether the state was written; false when the mirror held a newer version
     * @param version the version the mirror holds now
     */
    record Outcome(boolean written, long version) {}

    private final ScriptRunner scripts;
    private final RedissonClient redis;
    private final String queue;
    private final int partitions;

    RegistryMirror(RedissonClient redis, String queue, int partitions) {
        this.scripts = new ScriptRunner(redis);
        this.redis = redis;
        this.queue = queue;
        this.partitions = partitions;
    }

    /**
     * Replaces the tenant's mirror with {@code snapshot} unless it holds a newer version; {@code force}: anyway. A
     * written state also sets each endpoint's rate limit where the claim script reads it (its partition's health
     * hash, field {@code <endpoint id>|l}), or clears it.
     */
    Outcome write(TenantSnapshot snapshot, boolean force) {
        List<?> reply = scripts.run(MirrorEndpointsCall.of(queue, snapshot, force));
        Outcome outcome = new Outcome(Long.valueOf(1).equals(reply.get(0)), ((Number) reply.get(1)).longValue());
        if (outcome.written()) {
            for (MirroredEndpoint e : snapshot.endpoints()) {
                EndpointRateLimit.write(redis, queue, partitions, e.id().value(), e.rateLimit());
            }
        }
        return outcome;
    }

    /** Writes these event types' states ({@code true}: archived); {@code replace}: they become the whole catalogue. */
    void eventTypes(Map<String, Boolean> archivedByName, boolean replace) {
        scripts.run(MirrorEventTypesCall.of(queue, archivedByName, replace));
    }

    /** The tenants that have a mirror, found by scanning the keys (every master of a cluster). */
    Set<TenantId> tenants() {
        String prefix = EventKeys.endpoints(queue, new TenantId("x"));
        prefix = prefix.substring(0, prefix.length() - 1);
        Set<TenantId> tenants = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        for (String key : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + "*"))) {
            try {
                tenants.add(new TenantId(key.substring(prefix.length())));
            } catch (IllegalArgumentException e) {
                // not a tenant's mirror: another key that shares the prefix
            }
        }
        return tenants;
    }
}
