package io.hookshot.common.events;

import io.hookshot.common.RedisKeys;

/**
 * The entries of a partition's events stream ({@link RedisKeys#events()}): written by {@code publish}, read by the
 * workers' fan-out through one consumer group, removed by {@code fanned}. Names only; stateless.
 */
public final class EventStream {
    /** The consumer group every worker of a queue reads the events streams through. */
    public static final String GROUP = "fanout";
    /** Entry field: the event id. */
    public static final String ID = "id";
    /** Entry field: the event as {@link EventCodec} encodes it. */
    public static final String DATA = "data";
    /**
     * Entry field, only on an event a producer awaits: its {@link io.hookshot.common.OutcomeRequest} in wire form,
     * which the fan-out passes on to the event's messages.
     */
    public static final String NOTIFY = "notify";

    private EventStream() {}
}
