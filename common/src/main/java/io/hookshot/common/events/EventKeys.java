package io.hookshot.common.events;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;

/**
 * The Redis keys of the event model that are not a partition's: the registry's mirror. Each is one key, so it may
 * live in any Redis Cluster slot. The events themselves wait in each partition's {@link RedisKeys#events()} stream.
 */
public final class EventKeys {
    /** The field of an {@link #endpoints} hash counting its changes; every other field is an endpoint id. */
    public static final String VERSION_FIELD = "version";
    /** The value of an event type in {@link #eventTypes} that may be published. */
    public static final String ACTIVE = "active";
    /** The value of an archived event type in {@link #eventTypes}: publishing it is refused while types are strict. */
    public static final String ARCHIVED = "archived";

    private EventKeys() {}

    /**
     * Hash: endpoint id to the endpoint encoded by {@link EndpointMirrorCodec}, and {@link #VERSION_FIELD} to a
     * number raised by every change. Written by the registry with every change, repaired from PostgreSQL.
     */
    public static String endpoints(String queue, TenantId tenant) {
        return "hookshot:" + RedisKeys.requireValidQueueName(queue) + ":endpoints:" + tenant.value();
    }

    /** Hash: event type name to {@link #ACTIVE} or {@link #ARCHIVED}. Written by the registry, repaired likewise. */
    public static String eventTypes(String queue) {
        return "hookshot:" + RedisKeys.requireValidQueueName(queue) + ":event-types";
    }

    /** The partition whose {@link RedisKeys#events()} stream takes a tenant's events: one per tenant, in order. */
    public static int partitionOf(TenantId tenant, int partitions) {
        return Endpoints.partitionOf("tenant:" + tenant.value(), partitions);
    }
}
