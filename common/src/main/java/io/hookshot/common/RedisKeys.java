package io.hookshot.common;

import java.util.regex.Pattern;

/**
 * Every Redis key name of a queue, in one place. Each partition's keys share the hash tag
 * {@code {hookshot:<queue>:<partition>}}, so a partition lives in one Redis Cluster slot and its scripts stay atomic.
 *
 * <p>The scripts ({@code enqueue}, {@code claim}, {@code settle}, {@code reap}, ...) derive {@link #job} and
 * {@link #ready} keys, and {@code enqueue} the {@link #idempotency} keys, at run time from {@link #prefix()} (passed as
 * ARGV[1]) with the suffixes {@value #JOB}, {@value #READY}, {@value #IDEM} and {@value #OUTCOME}; change them here
 * and nowhere else.
 * Immutable.
 */
public record RedisKeys(String queue, int partition) {
    static final String JOB = "job:";
    static final String READY = "ready:";
    static final String IDEM = "idem:";
    static final String OUTCOME = "outcome:";
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    public RedisKeys {
        requireValidQueueName(queue);
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative, got " + partition);
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code queue} is 1 to 64 letters, digits, '_' or '-'. */
    public static String requireValidQueueName(String queue) {
        if (queue == null || !QUEUE_NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException(
                    "queue name must be 1 to 64 letters, digits, '_' or '-', got: '" + queue + "'");
        }
        return queue;
    }

    /** Queue-wide settings (a hash: {@link PartitionCount#FIELD}). Not in any partition's slot. */
    public static String meta(String queue) {
        return "hookshot:" + queue + ":meta";
    }

    /** Pub/sub channel on which {@code enqueue} hints that work is ready. A hint only, never the truth. */
    public static String wakeChannel(String queue) {
        return "hookshot:" + queue + ":wake";
    }

    /**
     * Pub/sub channel on which the scripts publish the outcomes a producer awaits ({@link OutcomeRequest}): one per
     * producer, named by its {@code producerId} (letters, digits, '_' or '-').
     */
    public static String outcomeChannel(String queue, String producerId) {
        return "hookshot:" + queue + ":outcomes:" + producerId;
    }

    /** {@code {hookshot:<queue>:<partition>}:}, the start of every key of this partition. */
    public String prefix() {
        return "{hookshot:" + queue + ":" + partition + "}:";
    }

    /**
     * Hash of one job: {@code data} (encoded job), {@code ep}, {@code att} (attempts started), {@code fails}
     * (attempts failed), {@code stalls} (leases expired), {@code token} (fencing token of the current lease),
     * {@code claimed} (when the current lease was claimed: {@code <attempt>:<epoch ms>}, server clock; a lease
     * taken by an older worker has none), {@code notify} (only for a job a producer awaits: its
     * {@link OutcomeRequest}).
     */
    public String job(String id) {
        return prefix() + JOB + id;
    }

    /**
     * String: the outcome notice of a message a producer awaited (see {@link OutcomeRequest}), written when it is
     * delivered or dead, expiring after the request's keep time. Scripts derive it with the suffix {@value #OUTCOME}.
     */
    public String outcome(String messageId) {
        return prefix() + OUTCOME + messageId;
    }

    /**
     * String, in the partition of the event's tenant: the notice of an awaited event's fan-out (the endpoints it made
     * messages for), written by {@code fanned}, expiring after the request's keep time.
     */
    public String eventOutcome(String eventId) {
        return prefix() + "evoutcome:" + eventId;
    }

    /** List of the ready job ids of one endpoint, oldest first. */
    public String ready(String endpointKey) {
        return prefix() + READY + endpointKey;
    }

    /** List of endpoints with ready work, served round-robin. */
    public String ring() {
        return prefix() + "ring";
    }

    /** Set mirroring {@link #ring()}, for membership tests. */
    public String ringSet() {
        return prefix() + "ringset";
    }

    /** Sorted set: job id scored by due time (ms, Redis server clock). */
    public String delayed() {
        return prefix() + "delayed";
    }

    /** Sorted set: leased job id scored by lease deadline (ms, Redis server clock). */
    public String active() {
        return prefix() + "active";
    }

    /** Hash: endpoint key to the number of its jobs in flight. */
    public String inflight() {
        return prefix() + "inflight";
    }

    /** Sorted set: dead job id scored by time of death, until Postgres has archived it. */
    public String dead() {
        return prefix() + "dead";
    }

    /**
     * Hash: the health of each endpoint of the partition (breaker, pause, concurrency limit, rate limit), fields
     * {@code <endpoint>|<name>}; the claim and settle scripts' {@code include/health.lua} documents each name.
     */
    public String health() {
        return prefix() + "health";
    }

    /** Sorted set: paused endpoint scored by when its pause ends (ms, Redis server clock). */
    public String paused() {
        return prefix() + "paused";
    }

    /**
     * Hash: how many ready messages the endpoint's breaker, pause or rate limit held, by minute (epoch minutes to a
     * count), sampled once a minute by the workers while it holds any; a couple of hours' worth, expiring with them.
     * Written by the {@code held_series} script.
     */
    public String heldSeries(String endpointKey) {
        return prefix() + "held:" + endpointKey;
    }

    /**
     * Hash: one minute's figures of the attempts at a URL origin (attempts, answered 2xx, latency buckets, the latest
     * failure), added to by every worker and expiring after a couple of hours. Written by the {@code origin_stats}
     * script; {@code minute} in epoch minutes.
     */
    public String originStats(String origin, long minute) {
        return prefix() + "ostats:" + minute + ":" + origin;
    }

    /** Sorted set: each URL origin with figures ({@link #originStats}) to the latest minute it has them for. */
    public String originStatsIndex() {
        return prefix() + "ostats";
    }

    /** String: the memo of one call of the {@code origin_stats} script, so that a re-sent call adds nothing again. */
    public String originStatsCall(String callId) {
        return prefix() + "ostats-call:" + callId;
    }

    /**
     * Stream of operational events (breaker transitions, dead messages, disabled endpoints; see the scripts'
     * {@code include/ops.lua}), turned into operational webhooks by the workers' consumer group {@code ops}.
     */
    public String ops() {
        return prefix() + "ops";
    }

    /** Stream of state changes, drained into Postgres by the exporter. */
    public String outbox() {
        return prefix() + "outbox";
    }

    /**
     * Stream of published events of the tenants that map to this partition, each fanned out into one message per
     * matching endpoint by a worker's consumer group (see {@code io.hookshot.common.events.EventKeys}).
     */
    public String events() {
        return prefix() + "events";
    }

    /**
     * String: the job id first sent to this endpoint with this idempotency key (expires after the idempotency
     * window). Keys are scoped to the endpoint: the same key sent to two endpoints makes two messages.
     */
    public String idempotency(String endpointKey, String idempotencyKey) {
        return prefix() + IDEM + endpointKey + "|" + idempotencyKey;
    }

    /**
     * String: the event id first published to {@code tenant} with this idempotency key (expires after the producer's
     * idempotency window). Scoped to the tenant, whose events all go to this partition.
     */
    public String eventIdempotency(String tenant, String idempotencyKey) {
        return prefix() + "evidem:" + tenant + "|" + idempotencyKey;
    }

    /**
     * String: the job ids handed out by one claim call, so that a re-sent claim returns the same jobs (a memo that
     * expires after a lease).
     */
    public String claim(String claimId) {
        return prefix() + "claim:" + claimId;
    }

    /**
     * String: the codes of one settle call, named for the fencing token of its first settlement, so that a re-sent call
     * answers as its first run did instead of as stale (a memo that expires after a lease, like {@link #claim}'s).
     */
    public String settled(String token) {
        return prefix() + "settled:" + token;
    }
}
