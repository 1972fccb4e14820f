package io.hookshot.worker.store;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.ClaimCall;
import io.hookshot.worker.queue.ClaimedJob;
import io.hookshot.worker.queue.EndpointPolicy;
import io.hookshot.worker.queue.Lease;
import io.hookshot.worker.queue.ReapCall;
import io.hookshot.worker.queue.ReleaseCall;
import io.hookshot.worker.queue.ScriptRunner;
import io.hookshot.worker.queue.SettleCall;
import io.hookshot.worker.queue.Settlement;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Drives a queue through its real Lua scripts, as a producer and a worker would, so the outbox holds the records
 * the scripts really write. Test scope; not thread-safe.
 */
final class ScriptedQueue {
    private static final EndpointPolicy POLICY = EndpointPolicy.holdingFor(Duration.ofDays(1));
    private final RedissonClient redisson;
    private final ScriptRunner scripts;
    private final String queue;
    private final int partitions;

    ScriptedQueue(RedissonClient redisson, String queue, int partitions) {
        this.redisson = redisson;
        this.scripts = new ScriptRunner(redisson);
        this.queue = queue;
        this.partitions = partitions;
    }

    static Job newJob(String url) {
        return new Job(
                new MessageId("msg_" + UUID.randomUUID()),
                URI.create(url),
                Map.of("x-test", "1"),
                "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8),
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    RedisKeys keysOf(Job job) {
        return new RedisKeys(queue, Endpoints.partitionOf(job.endpointKey(), partitions));
    }

    /** Runs {@code enqueue} for a job that is ready at once. */
    Job enqueue(Job job) {
        scripts.run(ScriptRunner.Call.of(new EnqueueLayout(keysOf(job), Duration.ZERO).call(job, Duration.ZERO)));
        return job;
    }

    /** Runs {@code claim} on every partition; returns every job leased. */
    List<ClaimedJob> claimAll(Duration lease) {
        List<ClaimedJob> claimed = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            claimed.addAll(claim(p, lease));
        }
        return claimed;
    }

    private List<ClaimedJob> claim(int partition, Duration lease) {
        List<Object> reply = scripts.run(ClaimCall.of(
                new RedisKeys(queue, partition), UUID.randomUUID().toString(), 100, lease, 100, 100, POLICY));
        return ClaimCall.result(partition, reply).jobs();
    }

    /** Runs {@code settle}, remembering it for {@code memo}; returns its result (1 settled, 0 stale, -1 gone). */
    long settle(ClaimedJob c, MessageStatus outcome, AttemptRecord data, String reason, Duration memo) {
        Lease lease = c.lease();
        Settlement settlement = switch (outcome) {
            case DELIVERED -> new Settlement.Delivered(lease, data);
            case RETRYING -> new Settlement.Retrying(lease, data, Duration.ZERO);
            case DEAD -> new Settlement.Dead(lease, data, reason);
            default -> throw new IllegalArgumentException("not an outcome of an attempt: " + outcome);
        };
        List<Object> codes = scripts.run(
                SettleCall.of(new RedisKeys(queue, lease.partition()), memo, 100, POLICY, List.of(settlement)));
        return ((Number) codes.getFirst()).longValue();
    }

    /** Runs {@code reap} on every partition; returns how many jobs it reaped. */
    long reapAll(int maxStalls) {
        long reaped = 0;
        for (int p = 0; p < partitions; p++) {
            Long n = scripts.run(ReapCall.of(new RedisKeys(queue, p), maxStalls, 100));
            reaped += n;
        }
        return reaped;
    }

    /** Runs {@code release} for one leased job. */
    long release(ClaimedJob c) {
        return scripts.run(ReleaseCall.of(new RedisKeys(queue, c.lease().partition()), List.of(c.lease())));
    }

    /** An attempt's details as a worker would report them. */
    static AttemptRecord attempt(Job job, Integer status, String errorClass) {
        return new AttemptRecord(
                job.url().toString(),
                System.currentTimeMillis() - 25,
                25,
                status,
                errorClass,
                errorClass == null ? null : "it failed: " + errorClass,
                Map.of("content-type", "text/plain"),
                status == null ? "" : "body " + status,
                "worker-test");
    }

    RStream<String, String> outbox(int partition) {
        return redisson.getStream(new RedisKeys(queue, partition).outbox(), StringCodec.INSTANCE);
    }

    /** Entries in all outbox streams. */
    long outboxLength() {
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            total += outbox(p).size();
        }
        return total;
    }

    /** Entries delivered to an exporter and not acknowledged, over all partitions. */
    long pendingExports() {
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            if (outbox(p).isExists() && !outbox(p).listGroups().isEmpty()) {
                total += outbox(p).getPendingInfo(RedisOutbox.GROUP).getTotal();
            }
        }
        return total;
    }

    boolean isDeadInRedis(Job job) {
        RedisKeys k = keysOf(job);
        return redisson.getScoredSortedSet(k.dead(), StringCodec.INSTANCE)
                .contains(job.id().value());
    }

    boolean jobHashExists(Job job) {
        return redisson.getKeys().countExists(keysOf(job).job(job.id().value())) > 0;
    }
}
