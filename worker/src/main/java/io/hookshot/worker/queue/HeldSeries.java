package io.hookshot.worker.queue;

import io.hookshot.common.Endpoints;
import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import io.hookshot.worker.queue.EndpointHealthReader.EndpointHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * How many messages each endpoint's breaker, pause or rate limit held, minute by minute, over the last couple of hours:
 * Redis holds only the current count of held messages, so the workers sample it once a minute into a small hash per
 * endpoint ({@link RedisKeys#heldSeries}, through the {@code held_series} script), which the admin API reads back.
 * Only endpoints holding messages are written: a minute without a sample held none. Thread-safe.
 */
public final class HeldSeries {
    /** How long samples are kept: older minutes are removed; an endpoint's hash expires this long after the last. */
    public static final Duration KEEP = Duration.ofHours(2);
    /** The most endpoints of one partition sampled in a minute (those holding the most messages first). */
    static final int MAX_ENDPOINTS_PER_PARTITION = 1000;

    private final RedissonClient redis;
    private final ScriptRunner scripts;
    private final String queue;
    private final int partitions;

    public HeldSeries(RedissonClient redis, String queue, int partitions) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.queue = queue;
        this.partitions = partitions;
    }

    /**
     * Records the held count of every endpoint of {@code health} that holds messages, as minute {@code minute} (epoch
     * minutes), in one pipelined round trip. Returns how many endpoints were written.
     */
    public int record(List<EndpointHealth> health, long minute) {
        Map<Integer, List<EndpointHealth>> byPartition = new TreeMap<>();
        for (EndpointHealth h : health) {
            if (h.held() > 0) {
                byPartition
                        .computeIfAbsent(Endpoints.partitionOf(h.endpoint(), partitions), p -> new ArrayList<>())
                        .add(h);
            }
        }
        List<ScriptRunner.Call> calls = new ArrayList<>();
        byPartition.forEach((p, held) -> calls.add(call(new RedisKeys(queue, p), held, minute)));
        if (calls.isEmpty()) {
            return 0;
        }
        return scripts.runBatch(calls).stream()
                .mapToInt(written -> ((Number) written).intValue())
                .sum();
    }

    /** The samples of one endpoint (by key) from {@code fromMinute} to {@code toMinute}, inclusive, by minute. */
    public SortedMap<Long, Long> read(String endpoint, long fromMinute, long toMinute) {
        RedisKeys k = new RedisKeys(queue, Endpoints.partitionOf(endpoint, partitions));
        SortedMap<Long, Long> out = new TreeMap<>();
        redis.<String, String>getMap(k.heldSeries(endpoint), StringCodec.INSTANCE)
                .readAllMap()
                .forEach((minute, count) -> {
                    long m = Long.parseLong(minute);
                    if (m >= fromMinute && m <= toMinute) {
                        out.put(m, Long.parseLong(count));
                    }
                });
        return out;
    }

    /** The one place that lays out a call of the {@code held_series} script (see its header). */
    static ScriptRunner.Call call(RedisKeys keys, List<EndpointHealth> held, long minute) {
        List<EndpointHealth> sampled = held.stream()
                .sorted((a, b) -> Long.compare(b.held(), a.held()))
                .limit(MAX_ENDPOINTS_PER_PARTITION)
                .toList();
        List<Object> keyNames = new ArrayList<>(sampled.size());
        List<Object> args = new ArrayList<>(3 + sampled.size());
        args.add(Long.toString(minute));
        args.add(Long.toString(KEEP.toMinutes()));
        args.add(Long.toString(KEEP.toMillis()));
        for (EndpointHealth h : sampled) {
            keyNames.add(keys.heldSeries(h.endpoint()));
            args.add(Long.toString(h.held()));
        }
        return new ScriptRunner.Call(LuaScript.HELD_SERIES, ReturnType.LONG, keyNames, args.toArray());
    }
}
