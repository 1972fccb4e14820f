package io.hookshot.worker.registry;

import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.EventHistory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
    /** A Redis URL for producer settings that never connect. */
    private static final String UNUSED_REDIS_URL = "redis://127.0.0.1:6379";

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

    /**
     * The auto-disable of a worker of {@code queue} of {@code partitions}: endpoints whose breaker has been open for
     * {@code after} are disabled through the registry. Only a disable is ever made, so the producer settings the
     * registry's URL checks use are the defaults.
     */
    public static AutoDisable autoDisable(
            Database database,
            RedissonClient redis,
            String queue,
            int partitions,
            RegistryConfig config,
            Duration after,
            Clock clock) {
        ProducerConfig producer =
                ProducerConfig.defaults(UNUSED_REDIS_URL).withQueue(queue).withPartitions(partitions);
        RegistryMirror mirror = new RegistryMirror(redis, queue, partitions);
        EndpointRegistry endpoints = new EndpointRegistry(
                database.jdbi(),
                mirror,
                new EndpointRules(producer, config.allowedNetworks()),
                config.maxEndpointsPerTenant(),
                clock,
                new SecureRandom());
        return new AutoDisable(redis, queue, partitions, endpoints, new EventHistory(database, queue), after, clock);
    }

    /** The mirror repair alone, for a worker of {@code queue} of {@code partitions}. */
    public static MirrorRepair mirrorRepair(
            Database database, RedissonClient redis, String queue, int partitions, Clock clock) {
        return new MirrorRepair(database.jdbi(), new RegistryMirror(redis, queue, partitions), clock);
    }
}
