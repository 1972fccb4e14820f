package io.hookshot.worker.queue;

import io.hookshot.common.PartitionCount;
import io.hookshot.common.RedisKeys;
import io.hookshot.worker.config.ConnectionConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The worker's side of the queue: claim, renew, settle, reap and release leased jobs, by running the scripts in
 * {@code io/hookshot/lua} through Redisson. Calls that touch many jobs go out as one pipelined batch.
 * Thread-safe.
 */
public final class RedisJobQueue {
    private final QueueSettings settings;
    private final ScriptRunner scripts;
    private final RedisKeys[] keys;
    private final ClaimIds claimIds;
    private final AtomicLong rateLimitedClaims = new AtomicLong();

    public RedisJobQueue(RedissonClient redis, QueueSettings settings) {
        this.settings = settings;
        this.scripts = new ScriptRunner(redis);
        this.keys = new RedisKeys[settings.partitions()];
        this.claimIds = new ClaimIds(settings.partitions(), settings.lease());
        for (int p = 0; p < keys.length; p++) {
            keys[p] = new RedisKeys(settings.queue(), p);
        }
        requireSamePartitionCount(redis, settings.queue(), settings.partitions());
        scripts.loadAll();
    }

    public QueueSettings settings() {
        return settings;
    }

    public RedisKeys keys(int partition) {
        return keys[partition];
    }

    /**
     * Leases up to {@code maxJobs} ready jobs of one partition, promoting due delayed jobs first. After a claim that
     * threw, the next claim of the partition returns what that one may have leased (see {@link ClaimIds}).
     */
    public ClaimResult claim(int partition, int maxJobs) {
        RedisKeys k = keys[partition];
        String claimId = claimIds.next(partition);
        List<Object> reply;
        try {
            reply = scripts.run(ClaimCall.of(
                    k,
                    claimId,
                    maxJobs,
                    settings.lease(),
                    settings.endpointCap(),
                    settings.promoteLimit(),
                    settings.endpoints()));
        } catch (RuntimeException e) {
            claimIds.unanswered(partition, claimId);
            throw e;
        }
        claimIds.answered(partition);
        ClaimResult result = ClaimCall.result(partition, reply);
        rateLimitedClaims.addAndGet(result.rateLimited());
        return result;
    }

    /** Ready jobs this worker's claims left ready because their endpoint was over its rate limit, since it started. */
    public long rateLimitedClaims() {
        return rateLimitedClaims.get();
    }

    /**
     * Records the outcomes in one round trip, one script call per partition; results are in the order of
     * {@code settlements}. A call sent again within a lease of its first run (Redisson re-sends a call whose reply is
     * late; the acker sends a failed batch again) is answered as the first run was.
     */
    public List<SettleResult> settle(List<? extends Settlement> settlements) {
        Map<Integer, List<Integer>> indexes = new TreeMap<>();
        for (int i = 0; i < settlements.size(); i++) {
            indexes.computeIfAbsent(settlements.get(i).lease().partition(), p -> new ArrayList<>())
                    .add(i);
        }
        List<ScriptRunner.Call> calls = new ArrayList<>(indexes.size());
        for (Map.Entry<Integer, List<Integer>> group : indexes.entrySet()) {
            calls.add(SettleCall.of(
                    keys[group.getKey()],
                    settings.lease(),
                    settings.endpointCap(),
                    settings.endpoints(),
                    group.getValue().stream().map(settlements::get).toList()));
        }
        List<?> replies = scripts.runBatch(calls);
        SettleResult[] results = new SettleResult[settlements.size()];
        int call = 0;
        for (List<Integer> group : indexes.values()) {
            List<?> codes = (List<?>) replies.get(call++);
            for (int k = 0; k < group.size(); k++) {
                results[group.get(k)] = SettleResult.of(((Number) codes.get(k)).longValue());
            }
        }
        return List.of(results);
    }

    /** Renews the leases for another {@link QueueSettings#lease()}; returns the ids whose lease was lost. */
    public Set<String> extend(List<Lease> leases) {
        List<ScriptRunner.Call> calls = new ArrayList<>();
        for (Map.Entry<Integer, List<Lease>> group : byPartition(leases).entrySet()) {
            calls.add(ExtendCall.of(keys[group.getKey()], settings.lease(), group.getValue()));
        }
        Set<String> lost = new HashSet<>();
        for (Object reply : scripts.runBatch(calls)) {
            for (Object id : (List<?>) reply) {
                lost.add((String) id);
            }
        }
        return lost;
    }

    /** Returns expired leases of every partition to their ready lists; returns how many were reaped. */
    public long reap() {
        List<ScriptRunner.Call> calls = new ArrayList<>(keys.length);
        for (RedisKeys k : keys) {
            calls.add(ReapCall.of(
                    k,
                    settings.maxStalls(),
                    settings.reapLimit(),
                    settings.endpoints().notifyExcept()));
        }
        long reaped = 0;
        for (Object reply : scripts.runBatch(calls)) {
            reaped += ((Number) reply).longValue();
        }
        return reaped;
    }

    /** Gives leased jobs back so they are ready again at once (at shutdown); returns how many were released. */
    public long release(List<Lease> leases) {
        List<ScriptRunner.Call> calls = new ArrayList<>();
        for (Map.Entry<Integer, List<Lease>> group : byPartition(leases).entrySet()) {
            calls.add(ReleaseCall.of(keys[group.getKey()], group.getValue()));
        }
        long released = 0;
        for (Object reply : scripts.runBatch(calls)) {
            released += ((Number) reply).longValue();
        }
        return released;
    }

    private static Map<Integer, List<Lease>> byPartition(List<Lease> leases) {
        Map<Integer, List<Lease>> groups = new TreeMap<>();
        for (Lease lease : leases) {
            groups.computeIfAbsent(lease.partition(), p -> new ArrayList<>()).add(lease);
        }
        return groups;
    }

    /**
     * Records {@code partitions} as {@code queue}'s partition count unless it has one, as every producer and worker
     * does ({@link PartitionCount}).
     *
     * @throws IllegalStateException when the queue was set up with a different number of partitions
     */
    public static void requireSamePartitionCount(RedissonClient redis, String queue, int partitions) {
        PartitionCount.agree(queue, partitions, ConnectionConfig.PARTITIONS, (key, field, value) -> {
            String stored =
                    redis.<String, String>getMap(key, StringCodec.INSTANCE).putIfAbsent(field, value);
            return stored == null ? value : stored;
        });
    }
}
