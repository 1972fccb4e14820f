package io.hookshot.worker.queue;

import io.hookshot.common.RedisKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.redisson.api.RKeys;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/**
 * Checks the queue's invariants against live Redis: every job is in exactly one state (ready, delayed, active or
 * dead); every id in a state has a job; in-flight counters match leases; the ring list matches its set; an endpoint
 * with ready jobs is in the ring unless it is paused or at its concurrency limit. It scans,
 * so it is for tests and operators, never for the delivery path. Not atomic: run it on a quiet queue for an exact
 * answer. Thread-safe.
 */
public final class QueueInspector {
    private final RedissonClient redis;
    private final String queue;
    private final int partitions;
    private final int endpointCap;

    public QueueInspector(RedissonClient redis, QueueSettings settings) {
        this(redis, settings.queue(), settings.partitions(), settings.endpointCap());
    }

    /** For the queue's name and partition count, with the endpoint cap its workers claim under. */
    public QueueInspector(RedissonClient redis, String queue, int partitions, int endpointCap) {
        this.redis = redis;
        this.queue = queue;
        this.partitions = partitions;
        this.endpointCap = endpointCap;
    }

    /** What {@link #check()} found: counts per state, and every violation in words. */
    public record Report(long ready, long delayed, long active, long dead, List<String> violations) {
        public boolean ok() {
            return violations.isEmpty();
        }

        public long live() {
            return ready + delayed + active + dead;
        }
    }

    public Report check() {
        long ready = 0;
        long delayed = 0;
        long active = 0;
        long dead = 0;
        List<String> violations = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            PartitionState s = readPartition(new RedisKeys(queue, p));
            ready += s.countOf("ready");
            delayed += s.countOf("delayed");
            active += s.countOf("active");
            dead += s.countOf("dead");
            s.checkInto(violations);
        }
        return new Report(ready, delayed, active, dead, violations);
    }

    private PartitionState readPartition(RedisKeys k) {
        RKeys allKeys = redis.getKeys();
        String jobPrefix = k.job("");
        String readyPrefix = k.ready("");
        Map<String, String> jobEndpoint = new HashMap<>();
        for (String key : allKeys.getKeys(KeysScanOptions.defaults().pattern(escape(jobPrefix) + "*"))) {
            String id = key.substring(jobPrefix.length());
            jobEndpoint.put(
                    id, redis.<String, String>getMap(key, StringCodec.INSTANCE).get("ep"));
        }
        PartitionState state = new PartitionState(k.partition(), endpointCap, jobEndpoint);
        for (String key : allKeys.getKeys(KeysScanOptions.defaults().pattern(escape(readyPrefix) + "*"))) {
            List<String> ids = redis.<String>getList(key, StringCodec.INSTANCE).readAll();
            ids.forEach(id -> state.place(id, "ready"));
            if (!ids.isEmpty()) {
                state.readyEndpoints.add(key.substring(readyPrefix.length()));
            }
        }
        redis.<String>getScoredSortedSet(k.delayed(), StringCodec.INSTANCE)
                .readAll()
                .forEach(id -> state.place(id, "delayed"));
        redis.<String>getScoredSortedSet(k.dead(), StringCodec.INSTANCE)
                .readAll()
                .forEach(id -> state.place(id, "dead"));
        for (String id : redis.<String>getScoredSortedSet(k.active(), StringCodec.INSTANCE)
                .readAll()) {
            state.place(id, "active");
            String ep = jobEndpoint.get(id);
            state.activePerEndpoint.merge(ep == null ? "?" : ep, 1L, Long::sum);
        }
        redis.<String, String>getMap(k.inflight(), StringCodec.INSTANCE)
                .readAllMap()
                .forEach((ep, n) -> state.inflight.put(ep, Long.parseLong(n)));
        state.ring.addAll(redis.<String>getList(k.ring(), StringCodec.INSTANCE).readAll());
        state.ringSet.addAll(
                redis.<String>getSet(k.ringSet(), StringCodec.INSTANCE).readAll());
        state.paused.addAll(redis.<String>getScoredSortedSet(k.paused(), StringCodec.INSTANCE)
                .readAll());
        state.health.putAll(
                redis.<String, String>getMap(k.health(), StringCodec.INSTANCE).readAllMap());
        return state;
    }

    private static String escape(String glob) {
        return glob.replaceAll("([\\[\\]*?{}\\\\])", "\\\\$1");
    }

    private static final class PartitionState {
        final int partition;
        final int endpointCap;
        final Map<String, String> jobEndpoint;
        final Set<String> readyEndpoints = new HashSet<>();
        final Map<String, List<String>> statesOf = new HashMap<>();
        final Map<String, Long> activePerEndpoint = new HashMap<>();
        final Map<String, Long> inflight = new HashMap<>();
        final List<String> ring = new ArrayList<>();
        final Set<String> ringSet = new HashSet<>();
        final Set<String> paused = new HashSet<>();
        /** The health hash: {@code <endpoint>|<field>} (see the scripts' include/health.lua). */
        final Map<String, String> health = new HashMap<>();

        PartitionState(int partition, int endpointCap, Map<String, String> jobEndpoint) {
            this.partition = partition;
            this.endpointCap = endpointCap;
            this.jobEndpoint = jobEndpoint;
        }

        void place(String id, String state) {
            statesOf.computeIfAbsent(id, x -> new ArrayList<>()).add(state);
        }

        long countOf(String state) {
            return statesOf.values().stream()
                    .filter(states -> states.contains(state))
                    .count();
        }

        void checkInto(List<String> violations) {
            String where = "partition " + partition + ": ";
            statesOf.forEach((id, states) -> {
                if (states.size() != 1) {
                    violations.add(where + "job " + id + " is in " + states.size() + " states " + states);
                }
                if (!jobEndpoint.containsKey(id)) {
                    violations.add(where + "job " + id + " is " + states + " but has no job hash");
                }
            });
            jobEndpoint.keySet().stream()
                    .filter(id -> !statesOf.containsKey(id))
                    .forEach(id -> violations.add(where + "job " + id + " is in no state: it would never run"));
            Set<String> endpoints = new HashSet<>(inflight.keySet());
            endpoints.addAll(activePerEndpoint.keySet());
            for (String ep : endpoints) {
                long counted = inflight.getOrDefault(ep, 0L);
                long leased = activePerEndpoint.getOrDefault(ep, 0L);
                if (counted != leased) {
                    violations.add(where + "endpoint " + ep + " counts " + counted + " in flight but has " + leased
                            + " leases");
                }
            }
            for (String ep : readyEndpoints) {
                if (!ringSet.contains(ep) && !paused.contains(ep) && inflight.getOrDefault(ep, 0L) < limitOf(ep)) {
                    violations.add(where + "endpoint " + ep + " has ready jobs and spare capacity but is not in the"
                            + " ring: its jobs would wait for a lease to end");
                }
            }
            if (ring.size() != ringSet.size() || !ringSet.containsAll(ring)) {
                violations.add(where + "ring " + ring + " does not match its set " + ringSet);
            }
        }

        /** How many jobs of {@code ep} may be in flight: one while its breaker is open, else its limit or the cap. */
        private long limitOf(String ep) {
            if (health.containsKey(ep + "|s")) {
                return 1;
            }
            String limit = health.get(ep + "|c");
            return limit == null ? endpointCap : Math.min(endpointCap, Long.parseLong(limit));
        }
    }
}
