package io.hookshot.worker.queue;

import io.hookshot.common.JobCodec;
import io.hookshot.common.JobDecodingException;
import io.hookshot.common.RedisKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.client.codec.StringCodec;

/**
 * How many jobs each partition of a queue holds in each state, when its oldest ready job was created, how many
 * outbox entries wait for the exporter and since when, and how many events wait for the fan-out: for gauges and the stats API, so the work is bounded whatever
 * the queue's size. One call is
 * three pipelined round trips for all partitions; it reads counters, never scans keys or lists.
 *
 * <p>Ready jobs sit in one list per endpoint. An endpoint with ready jobs is in the ring, or at its concurrency cap
 * and then in the {@code inflight} hash (the invariant {@link QueueInspector} checks), so those two name every
 * list to count. At most {@link #MAX_ENDPOINTS} endpoints per partition are counted and at most {@link #MAX_HEADS}
 * list heads read for the oldest job: beyond that the figures are lower bounds. Not atomic. Thread-safe.
 */
public final class QueueDepths {
    /** Most endpoints per partition whose ready lists are counted in one call. */
    public static final int MAX_ENDPOINTS = 1000;
    /** Most ready-list heads per partition read in one call to find the oldest ready job. */
    public static final int MAX_HEADS = 50;

    /**
     * One partition's figures.
     *
     * @param oldestReadyCreatedAt when the producer created the oldest job at the front of a ready list; empty when
     *                             nothing is ready
     * @param outbox               outbox entries not yet exported to Postgres
     * @param events               events published to the partition and not yet fanned out (its events stream's
     *                             length: the fan-out deletes an event from it as it acknowledges it)
     * @param oldestOutboxAt       when the oldest of them was written (Redis clock); empty when there is none
     */
    public record Depth(
            int partition,
            long ready,
            long delayed,
            long active,
            long dead,
            long outbox,
            long events,
            Optional<Instant> oldestReadyCreatedAt,
            Optional<Instant> oldestOutboxAt) {}

    private final RedissonClient redis;
    private final RedisKeys[] keys;

    public QueueDepths(RedissonClient redis, String queue, int partitions) {
        this.redis = redis;
        this.keys = new RedisKeys[partitions];
        for (int p = 0; p < partitions; p++) {
            keys[p] = new RedisKeys(queue, p);
        }
    }

    /** Reads every partition; throws Redisson's exceptions when Redis fails. */
    public List<Depth> read() {
        List<Counters> counters = readCounters();
        List<ReadyLists> lists = readReadyLists(counters);
        List<Depth> depths = new ArrayList<>(keys.length);
        for (int p = 0; p < keys.length; p++) {
            Counters c = counters.get(p);
            depths.add(new Depth(
                    p,
                    lists.get(p).ready,
                    done(c.delayed),
                    done(c.active),
                    done(c.dead),
                    done(c.outbox),
                    done(c.events),
                    lists.get(p).oldestCreatedAt,
                    done(c.outboxHead).keySet().stream().findFirst().map(id -> Instant.ofEpochMilli(id.getId0()))));
        }
        return depths;
    }

    private record Counters(
            RFuture<Integer> delayed,
            RFuture<Integer> active,
            RFuture<Integer> dead,
            RFuture<Long> outbox,
            RFuture<Map<StreamMessageId, Map<String, String>>> outboxHead,
            RFuture<Long> events,
            RFuture<Set<String>> ring,
            RFuture<Set<String>> atCap) {}

    private List<Counters> readCounters() {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        List<Counters> counters = new ArrayList<>(keys.length);
        for (RedisKeys k : keys) {
            RStreamAsync<String, String> outbox = batch.getStream(k.outbox(), StringCodec.INSTANCE);
            counters.add(new Counters(
                    batch.<String>getScoredSortedSet(k.delayed(), StringCodec.INSTANCE)
                            .sizeAsync(),
                    batch.<String>getScoredSortedSet(k.active(), StringCodec.INSTANCE)
                            .sizeAsync(),
                    batch.<String>getScoredSortedSet(k.dead(), StringCodec.INSTANCE)
                            .sizeAsync(),
                    outbox.sizeAsync(),
                    outbox.rangeAsync(StreamRangeArgs.startId(StreamMessageId.MIN)
                            .endId(StreamMessageId.MAX)
                            .count(1)),
                    batch.getStream(k.events(), StringCodec.INSTANCE).sizeAsync(),
                    batch.<String>getSet(k.ringSet(), StringCodec.INSTANCE).readAllAsync(),
                    batch.<String, String>getMap(k.inflight(), StringCodec.INSTANCE)
                            .readAllKeySetAsync()));
        }
        batch.execute();
        return counters;
    }

    private static final class ReadyLists {
        long ready;
        Optional<Instant> oldestCreatedAt = Optional.empty();
        final List<RFuture<Integer>> lengths = new ArrayList<>();
        final List<RFuture<String>> heads = new ArrayList<>();
        final List<RFuture<String>> headData = new ArrayList<>();
    }

    private List<ReadyLists> readReadyLists(List<Counters> counters) {
        RBatch lengthsAndHeads = redis.createBatch(BatchOptions.defaults());
        List<ReadyLists> lists = new ArrayList<>(keys.length);
        for (int p = 0; p < keys.length; p++) {
            Set<String> endpoints = new LinkedHashSet<>(done(counters.get(p).ring));
            endpoints.addAll(done(counters.get(p).atCap));
            ReadyLists l = new ReadyLists();
            RedisKeys k = keys[p];
            endpoints.stream().limit(MAX_ENDPOINTS).forEach(ep -> {
                var list = lengthsAndHeads.<String>getList(k.ready(ep), StringCodec.INSTANCE);
                l.lengths.add(list.sizeAsync());
                if (l.heads.size() < MAX_HEADS) {
                    l.heads.add(list.getAsync(0));
                }
            });
            lists.add(l);
        }
        if (lists.stream().allMatch(l -> l.lengths.isEmpty())) {
            return lists;
        }
        lengthsAndHeads.execute();
        RBatch jobs = redis.createBatch(BatchOptions.defaults());
        for (int p = 0; p < keys.length; p++) {
            ReadyLists l = lists.get(p);
            l.ready = l.lengths.stream().mapToLong(QueueDepths::done).sum();
            for (RFuture<String> head : l.heads) {
                String id = done(head);
                if (id != null) {
                    l.headData.add(jobs.<String, String>getMap(keys[p].job(id), StringCodec.INSTANCE)
                            .getAsync("data"));
                }
            }
        }
        if (lists.stream().allMatch(l -> l.headData.isEmpty())) {
            return lists;
        }
        jobs.execute();
        for (ReadyLists l : lists) {
            l.oldestCreatedAt = l.headData.stream()
                    .map(f -> createdAt(done(f)))
                    .flatMap(Optional::stream)
                    .min(Instant::compareTo);
        }
        return lists;
    }

    /** The result of a call of a batch that was executed. */
    private static <T> T done(RFuture<T> call) {
        return call.toCompletableFuture().join();
    }

    private static Optional<Instant> createdAt(String data) {
        if (data == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JobCodec.decode(data).createdAt());
        } catch (JobDecodingException e) {
            return Optional.empty();
        }
    }
}
