package io.hookshot.worker.stats;

import io.hookshot.common.JobCodec;
import io.hookshot.common.JobDecodingException;
import io.hookshot.common.RedisKeys;
import io.hookshot.worker.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/**
 * A snapshot of one queue, per partition from Redis and recent outcomes from Postgres, for the API's
 * {@code /v1/stats} and the {@code stats} command. Reads without scanning: an endpoint with ready jobs is in the
 * ring or has jobs in flight (the queue's invariant), so those two name every ready list. Not atomic across
 * partitions. Thread-safe.
 */
public final class QueueStats {
    private static final String RECENT = """
            select count(*) filter (where a.outcome = 'delivered' and a.started_at > now() - interval '1 minute'),
                   count(*) filter (where a.outcome <> 'delivered' and a.started_at > now() - interval '1 minute'),
                   count(*) filter (where a.outcome = 'delivered'),
                   count(*) filter (where a.outcome <> 'delivered')
              from hookshot_attempt a join hookshot_message m on m.id = a.message_id
             where m.queue = :queue and a.started_at > now() - interval '1 hour'""";

    /**
     * One partition. {@code oldestReadyAge}: how long ago the oldest job at the head of a ready list was created;
     * {@code outboxLength}: outbox records not yet exported and deleted; {@code outboxLag}: age of the oldest.
     */
    public record Partition(int partition, long ready, long delayed, long inFlight, long deadAwaitingArchive,
                            Optional<Duration> oldestReadyAge, long outboxLength, Optional<Duration> outboxLag) {
    }

    /** Attempts recorded in the history, delivered or failed (retrying or dead), in the last minute and hour. */
    public record Recent(long deliveredLastMinute, long failedLastMinute, long deliveredLastHour,
                         long failedLastHour) {
    }

    public record Snapshot(String queue, List<Partition> partitions, Recent recent) {
        public Snapshot {
            partitions = List.copyOf(partitions);
        }

        public long total(java.util.function.ToLongFunction<Partition> count) {
            return partitions.stream().mapToLong(count).sum();
        }
    }

    private final RedissonClient redis;
    private final Jdbi jdbi;
    private final String queue;
    private final int partitions;
    private final Clock clock;

    public QueueStats(RedissonClient redis, Database database, String queue, int partitions) {
        this.redis = redis;
        this.jdbi = database.jdbi();
        this.queue = queue;
        this.partitions = partitions;
        this.clock = Clock.systemUTC();
    }

    public Snapshot snapshot() {
        List<Partition> out = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            out.add(partition(new RedisKeys(queue, p)));
        }
        Recent recent = jdbi.withHandle(h -> h.createQuery(RECENT).bind("queue", queue)
                .map((rs, ctx) -> new Recent(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).one());
        return new Snapshot(queue, out, recent);
    }

    private Partition partition(RedisKeys k) {
        Set<String> endpoints = new HashSet<>(redis.<String>getSet(k.ringSet(), StringCodec.INSTANCE).readAll());
        endpoints.addAll(redis.<String, String>getMap(k.inflight(), StringCodec.INSTANCE).readAllKeySet());
        long ready = 0;
        Optional<Instant> oldest = Optional.empty();
        for (String ep : endpoints) {
            var list = redis.<String>getList(k.ready(ep), StringCodec.INSTANCE);
            int size = list.size();
            ready += size;
            if (size > 0) {
                Optional<Instant> created = createdAt(k, list.get(0));
                if (created.isPresent() && (oldest.isEmpty() || created.get().isBefore(oldest.get()))) {
                    oldest = created;
                }
            }
        }
        var outbox = redis.<String, String>getStream(k.outbox(), StringCodec.INSTANCE);
        long outboxLength = outbox.size();
        Optional<Duration> lag = Optional.empty();
        if (outboxLength > 0) {
            Map<StreamMessageId, Map<String, String>> first = outbox.range(1,
                    StreamMessageId.MIN, StreamMessageId.MAX);
            lag = first.keySet().stream().findFirst().map(id -> age(Instant.ofEpochMilli(id.getId0())));
        }
        return new Partition(k.partition(), ready,
                redis.getScoredSortedSet(k.delayed(), StringCodec.INSTANCE).size(),
                redis.getScoredSortedSet(k.active(), StringCodec.INSTANCE).size(),
                redis.getScoredSortedSet(k.dead(), StringCodec.INSTANCE).size(),
                oldest.map(this::age), outboxLength, lag);
    }

    private Optional<Instant> createdAt(RedisKeys k, String id) {
        String data = redis.<String, String>getMap(k.job(id), StringCodec.INSTANCE).get("data");
        if (data == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JobCodec.decode(data).createdAt());
        } catch (JobDecodingException e) {
            return Optional.empty();
        }
    }

    private Duration age(Instant since) {
        Duration age = Duration.between(since, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }
}
