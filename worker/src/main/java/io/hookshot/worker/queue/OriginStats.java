package io.hookshot.worker.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.Endpoints;
import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * How the attempts at each URL origin went, minute by minute, over the last hour: the history has every attempt, but
 * not by origin, and the admin API must answer while PostgreSQL is away. Every worker adds its own counts every few
 * seconds ({@link #add}, through the {@code origin_stats} script) to one small hash per origin and minute in the
 * origin's partition ({@link RedisKeys#originStats}), which expires on its own; the API sums the hashes of the last
 * hour ({@link #lastHour}). Latencies are kept as {@link LatencyBuckets}, so percentiles are within 5 %. Thread-safe.
 */
public final class OriginStats {
    /** How long a minute's figures are kept. */
    public static final Duration KEEP = Duration.ofHours(2);
    /** How long a call's memo lasts: a call re-sent within it adds nothing again. */
    static final Duration CALL_MEMO = Duration.ofMinutes(10);
    /** The minutes a summary covers: the current one and the 59 before it. */
    public static final int WINDOW_MINUTES = 60;

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final RedissonClient redis;
    private final ScriptRunner scripts;
    private final String queue;
    private final int partitions;

    /**
     * One origin's counts from one worker over part of a minute. Immutable.
     *
     * @param buckets   attempts by latency bucket ({@link LatencyBuckets#of})
     * @param lastError the latest failed attempt, if any failed
     */
    public record Counts(long attempts, long delivered, Map<Integer, Long> buckets, Optional<Failure> lastError) {
        public Counts {
            buckets = Map.copyOf(buckets);
        }
    }

    /** A failed attempt: when it started (epoch ms), the message, the status (null without a response), the error. */
    public record Failure(long at, String messageId, Integer statusCode, String errorClass, String message) {}

    /**
     * How an origin's attempts went over a window: counts, the latency median and 99th percentile in ms (null without
     * attempts) and the latest failed attempt (null when none failed).
     */
    public record Summary(long attempts, long delivered, Double latencyP50, Double latencyP99, Failure lastError) {}

    public OriginStats(RedissonClient redis, String queue, int partitions) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.queue = queue;
        this.partitions = partitions;
    }

    /** Adds each origin's counts to minute {@code minute} (epoch minutes), in one pipelined round trip. */
    public void add(Map<String, Counts> byOrigin, long minute) {
        Map<Integer, Map<String, Counts>> byPartition = new TreeMap<>();
        byOrigin.forEach((origin, counts) -> byPartition
                .computeIfAbsent(Endpoints.partitionOf(origin, partitions), p -> new TreeMap<>())
                .put(origin, counts));
        List<ScriptRunner.Call> calls = new ArrayList<>();
        byPartition.forEach((p, counts) -> calls.add(call(new RedisKeys(queue, p), counts, minute)));
        if (!calls.isEmpty()) {
            scripts.runBatch(calls);
        }
    }

    /** The origins with figures since minute {@code fromMinute}, sorted. */
    public SortedSet<String> origins(long fromMinute) {
        SortedSet<String> out = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            out.addAll(
                    redis.<String>getScoredSortedSet(new RedisKeys(queue, p).originStatsIndex(), StringCodec.INSTANCE)
                            .valueRange(fromMinute, true, Double.POSITIVE_INFINITY, true));
        }
        return out;
    }

    /** Each origin's summary over the {@value #WINDOW_MINUTES} minutes up to {@code nowMinute}, in one round trip. */
    public Map<String, Summary> lastHour(Collection<String> origins, long nowMinute) {
        long first = nowMinute - (WINDOW_MINUTES - 1);
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        Map<String, List<RFuture<Map<String, String>>>> reads = new TreeMap<>();
        for (String origin : origins) {
            RedisKeys k = new RedisKeys(queue, Endpoints.partitionOf(origin, partitions));
            List<RFuture<Map<String, String>>> minutes = new ArrayList<>(WINDOW_MINUTES);
            for (long m = nowMinute; m >= first; m--) { // newest first: the first error seen is the latest
                minutes.add(batch.<String, String>getMap(k.originStats(origin, m), StringCodec.INSTANCE)
                        .readAllMapAsync());
            }
            reads.put(origin, minutes);
        }
        if (reads.isEmpty()) {
            return Map.of();
        }
        batch.execute();
        Map<String, Summary> out = new TreeMap<>();
        reads.forEach((origin, minutes) -> out.put(
                origin,
                summary(minutes.stream()
                        .map(f -> f.toCompletableFuture().join())
                        .toList())));
        return out;
    }

    /** Sums the minutes' hashes, given newest first. */
    static Summary summary(List<Map<String, String>> newestFirst) {
        long attempts = 0;
        long delivered = 0;
        SortedMap<Integer, Long> buckets = new TreeMap<>();
        Failure lastError = null;
        for (Map<String, String> minute : newestFirst) {
            for (Map.Entry<String, String> field : minute.entrySet()) {
                String name = field.getKey();
                switch (name) {
                    case "n" -> attempts += Long.parseLong(field.getValue());
                    case "ok" -> delivered += Long.parseLong(field.getValue());
                    case "e" -> lastError = lastError != null ? lastError : failure(field.getValue());
                    default -> {
                        if (name.startsWith("b")) {
                            buckets.merge(
                                    Integer.parseInt(name.substring(1)), Long.parseLong(field.getValue()), Long::sum);
                        }
                    }
                }
            }
        }
        return new Summary(
                attempts,
                delivered,
                LatencyBuckets.quantile(buckets, 0.5),
                LatencyBuckets.quantile(buckets, 0.99),
                lastError);
    }

    /** The one place that lays out a call of the {@code origin_stats} script (see its header). */
    static ScriptRunner.Call call(RedisKeys keys, Map<String, Counts> byOrigin, long minute) {
        List<Object> keyNames = new ArrayList<>(1 + byOrigin.size());
        List<Object> args = new ArrayList<>();
        keyNames.add(keys.originStatsIndex());
        keyNames.add(keys.originStatsCall(UUID.randomUUID().toString()));
        args.add(Long.toString(minute));
        args.add(Long.toString(KEEP.toMillis()));
        args.add(Long.toString(WINDOW_MINUTES));
        args.add(Long.toString(CALL_MEMO.toMillis()));
        byOrigin.forEach((origin, c) -> {
            keyNames.add(keys.originStats(origin, minute));
            args.add(origin);
            args.add(Integer.toString(2 + c.buckets().size()));
            args.add("n");
            args.add(Long.toString(c.attempts()));
            args.add("ok");
            args.add(Long.toString(c.delivered()));
            c.buckets().forEach((bucket, count) -> {
                args.add("b" + bucket);
                args.add(Long.toString(count));
            });
            args.add(c.lastError().map(OriginStats::json).orElse(""));
        });
        return new ScriptRunner.Call(LuaScript.ORIGIN_STATS, ReturnType.LONG, keyNames, args.toArray());
    }

    private static String json(Failure failure) {
        try {
            return JSON.writeValueAsString(failure);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a failed attempt", e);
        }
    }

    /** A stored failure; null should it not be one (figures for people: one bad field never fails a read). */
    private static Failure failure(String json) {
        try {
            return JSON.readValue(json, Failure.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
