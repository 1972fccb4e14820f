package io.hookshot.worker.registry;

import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.store.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.redisson.api.RedissonClient;

/**
 * The event model's registry over one database, Redis and queue: the catalogue of event types, the endpoints, the
 * tenants, the payload check against event types' schemas, and the mirror repair. Every part is thread-safe; the
 * registry does not own the database or the Redis client.
 */
public record Registry(
        EventTypeCatalog eventTypes,
        EndpointRegistry endpoints,
        TenantDirectory tenants,
        PayloadSchemas payloadSchemas,
        MirrorRepair mirrorRepair) {
    public Registry {
        Objects.requireNonNull(eventTypes, "eventTypes");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(payloadSchemas, "payloadSchemas");
        Objects.requireNonNull(mirrorRepair, "mirrorRepair");
    }

    /**
     * The registry of the producer's queue. Endpoint URLs and headers follow the producer's rules for messages;
     * secrets are generated from a {@link SecureRandom}.
     */
    public static Registry of(
            Database database, RedissonClient redis, ProducerConfig producer, RegistryConfig config, Clock clock) {
        RegistryMirror mirror = new RegistryMirror(redis, producer.queue(), producer.partitions());
        return new Registry(
                new EventTypeCatalog(database.jdbi(), mirror, clock),
                new EndpointRegistry(
                        database.jdbi(),
                        mirror,
                        new EndpointRules(producer, config.allowedNetworks()),
                        config.maxEndpointsPerTenant(),
                        clock,
                        new SecureRandom()),
                new TenantDirectory(database.jdbi()),
                new PayloadSchemas(database.jdbi(), clock),
                new MirrorRepair(database.jdbi(), mirror, clock));
    }

    /** The mirror repair alone, for a worker of {@code queue} of {@code partitions}. */
    public static MirrorRepair mirrorRepair(
            Database database, RedissonClient redis, String queue, int partitions, Clock clock) {
        return new MirrorRepair(database.jdbi(), new RegistryMirror(redis, queue, partitions), clock);
    }
}
