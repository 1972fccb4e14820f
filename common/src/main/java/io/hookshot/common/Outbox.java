package io.hookshot.common;

/**
 * Field names and record types of the outbox stream ({@link RedisKeys#outbox()}). The scripts write these; the
 * worker's exporter reads them. Every record has {@link #TYPE} and {@link #ID}.
 */
public final class Outbox {
    /** Record type: {@link #ACCEPTED}, {@link #ATTEMPT}, {@link #STALLED} or {@link #EVENT}. */
    public static final String TYPE = "t";

    public static final String ID = "id";

    /**
     * Written by {@code enqueue}: {@link #URL}, {@link #CREATED}, {@link #DUE}, {@link #AT}; for a message made by
     * fan-out also its {@link EventOrigin}: {@link #EVENT_ID}, {@link #ENDPOINT_ID}, {@link #TENANT},
     * {@link #EVENT_TYPE}.
     */
    public static final String ACCEPTED = "accepted";
    /**
     * Written by {@code settle}: {@link #ATTEMPT_NO}, {@link #CREATED} (the message's, '' when unknown; a release
     * before it wrote none), {@link #OUTCOME}, {@link #DATA}, {@link #AT}, and for retries {@link #DUE}, for dead jobs
     * {@link #REASON} and {@link #JOB}.
     */
    public static final String ATTEMPT = "attempt";
    /**
     * Written by {@code reap} for a lease that expired, and by {@code release} for one given back at shutdown:
     * {@link #ATTEMPT_NO}, {@link #CREATED} (as for {@link #ATTEMPT}), {@link #OUTCOME}, {@link #AT}; {@link #CLAIMED}
     * when the claim stored it; {@link #DUE}
     * when retrying; {@link #REASON} from {@code release} and for dead jobs, which also carry {@link #JOB}.
     */
    public static final String STALLED = "stalled";
    /**
     * Written by {@code fanned} when a worker has fanned out a published event, in the outbox of the event's partition:
     * {@link #ID} (the event id), {@link #DATA} (the event as {@code EventCodec} encodes it), {@link #ENDPOINTS} (how
     * many messages it made), {@link #AT}.
     */
    public static final String EVENT = "event";

    public static final String URL = "url";
    /** The message's creation time, epoch ms (producer clock): the history's key of its row. */
    public static final String CREATED = "created";
    /** Epoch ms (server clock) at which the job is due. */
    public static final String DUE = "due";

    public static final String ATTEMPT_NO = "n";
    /** {@code delivered}, {@code retrying} or {@code dead}. */
    public static final String OUTCOME = "outcome";
    /** The attempt's details as JSON, written by the worker. */
    public static final String DATA = "data";

    public static final String REASON = "reason";
    /** The encoded job, on dead records, so the archive has everything needed to replay it. */
    public static final String JOB = "job";
    /** Epoch ms (server clock) at which the script ran. */
    public static final String AT = "at";
    /**
     * Epoch ms (server clock) at which the stalled attempt's lease was claimed, on {@link #STALLED} records; missing
     * when the lease was taken by a worker that did not store its claim time.
     */
    public static final String CLAIMED = "claimed";
    /** On {@link #ACCEPTED} records of fan-out messages: the {@link EventOrigin} fields, in this order. */
    public static final String EVENT_ID = "evt";

    public static final String ENDPOINT_ID = "ep";
    public static final String TENANT = "tenant";
    public static final String EVENT_TYPE = "etype";
    /** On {@link #EVENT} records: how many endpoints the event was fanned out to. */
    public static final String ENDPOINTS = "endpoints";

    private Outbox() {}
}
