package io.hookshot.worker.registry;

import io.hookshot.common.events.EndpointMirrorCodec;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.MutableClock;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.http.Cidr;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.MigratedDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * A registry on a fresh queue over the test's Redis and a fresh PostgreSQL schema, on a clock the test moves, and the
 * means to read its Redis mirror. Close it at the end of the test.
 */
final class RegistryFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    final String queue = TestServers.newQueue();
    /** A tenant of this fixture's own: test classes share their PostgreSQL schema among their tests. */
    final TenantId tenant = new TenantId("acme-" + queue);

    final MutableClock clock = new MutableClock(START);
    final Database database;
    final RedissonClient redis;
    final Registry registry;

    RegistryFixture(TestServers servers) {
        this(servers, RegistryConfig.DEFAULT_MAX_ENDPOINTS_PER_TENANT);
    }

    RegistryFixture(TestServers servers, int maxEndpointsPerTenant) {
        this.database = MigratedDatabase.open(servers.database(), 2);
        this.redis = RedissonClients.create(servers.redisUrl());
        RegistryConfig config = new RegistryConfig(
                maxEndpointsPerTenant,
                RegistryConfig.DEFAULT_MIRROR_REPAIR_INTERVAL,
                List.of(Cidr.parse("127.0.0.0/8")));
        this.registry = Registry.of(
                database, redis, ProducerConfig.defaults(servers.redisUrl()).withQueue(queue), config, clock);
    }

    /** A draft to {@code url} receiving {@code eventTypes}, enabled, with a generated secret. */
    static EndpointDraft draft(String url, String... eventTypes) {
        return new EndpointDraft(
                url,
                List.of(eventTypes),
                List.of(),
                "",
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                Map.of());
    }

    /** The tenant's mirror hash as Redis holds it: every field, sorted. */
    Map<String, String> rawMirror(TenantId tenant) {
        return new TreeMap<>(redis.<String, String>getMap(EventKeys.endpoints(queue, tenant), StringCodec.INSTANCE)
                .readAllMap());
    }

    /** The tenant's mirrored endpoints, decoded, by id. */
    Map<String, MirroredEndpoint> mirrored(TenantId tenant) {
        Map<String, MirroredEndpoint> out = new TreeMap<>();
        rawMirror(tenant).forEach((field, json) -> {
            if (!field.equals(EventKeys.VERSION_FIELD)) {
                out.put(field, EndpointMirrorCodec.decode(json));
            }
        });
        return out;
    }

    /** The mirror's version of the tenant; 0 when it has no mirror. */
    long mirrorVersion(TenantId tenant) {
        String version = rawMirror(tenant).get(EventKeys.VERSION_FIELD);
        return version == null ? 0 : Long.parseLong(version);
    }

    Map<String, String> mirroredEventTypes() {
        return new TreeMap<>(redis.<String, String>getMap(EventKeys.eventTypes(queue), StringCodec.INSTANCE)
                .readAllMap());
    }

    /** PostgreSQL's version of the tenant. */
    long version(TenantId tenant) {
        return database.jdbi().withHandle(h -> EndpointStore.version(h, tenant));
    }

    @Override
    public void close() {
        redis.shutdown();
        database.close();
    }
}
