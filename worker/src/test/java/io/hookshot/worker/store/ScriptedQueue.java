package io.hookshot.worker.store;

import io.hookshot.common.Endpoints;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.Lease;
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
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Drives a queue through its real Lua scripts, as a producer and a worker would, so the outbox holds the records
 * the scripts really write. Test scope; not thread-safe.
 */
final class ScriptedQueue {
    /** A job leased by {@link #claim}. */
    record Claimed(int partition, String id, String token, long attempt) {
    }

    private final RedissonClient redisson;
    private final String queue;
    private final int partitions;

    ScriptedQueue(RedissonClient redisson, String queue, int partitions) {
        this.redisson = redisson;
        this.queue = queue;
        this.partitions = partitions;
    }

    static Job newJob(String url) {
        return new Job(new MessageId("msg_" + UUID.randomUUID()), URI.create(url), Map.of("x-test", "1"),
                "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8), Job.DEFAULT_CONTENT_TYPE, Optional.empty(),
                Optional.empty(), List.of(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    RedisKeys keysOf(Job job) {
        return new RedisKeys(queue, Endpoints.partitionOf(job.endpointKey(), partitions));
    }

    /** Runs {@code enqueue} for a job that is ready at once. */
    Job enqueue(Job job) {
        RedisKeys k = keysOf(job);
        String ep = job.endpointKey();
        eval(LuaScript.ENQUEUE, RScript.ReturnType.LIST,
                List.of(k.job(job.id().value()), k.ready(ep), k.ring(), k.ringSet(), k.delayed(), k.outbox(),
                        k.idempotency(ep, "")),
                job.id().value(), ep, JobCodec.encode(job), "0", "", "", "0", job.url().toString(),
                String.valueOf(job.createdAt().toEpochMilli()), k.prefix(), RedisKeys.wakeChannel(queue));
        return job;
    }

    /** Runs {@code claim} on every partition; returns every job leased. */
    List<Claimed> claimAll(Duration lease) {
        List<Claimed> claimed = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            claimed.addAll(claim(p, lease));
        }
        return claimed;
    }

    private List<Claimed> claim(int partition, Duration lease) {
        RedisKeys k = new RedisKeys(queue, partition);
        String claimId = UUID.randomUUID().toString();
        List<Object> out = eval(LuaScript.CLAIM, RScript.ReturnType.LIST,
                List.of(k.ring(), k.ringSet(), k.delayed(), k.active(), k.inflight(), k.claim(claimId)),
                k.prefix(), "100", String.valueOf(lease.toMillis()), "100", claimId, "100");
        List<Claimed> claimed = new ArrayList<>();
        for (int i = 1; i + 4 < out.size(); i += 5) {
            claimed.add(new Claimed(partition, (String) out.get(i), (String) out.get(i + 1),
                    ((Number) out.get(i + 2)).longValue()));
        }
        return claimed;
    }

    /** Runs {@code settle}, remembering it for {@code memo}; returns its result (1 settled, 0 stale, -1 gone). */
    long settle(Claimed c, MessageStatus outcome, AttemptRecord data, String reason, Duration memo) {
        Lease lease = new Lease(c.partition(), c.id(), c.token());
        Settlement settlement = switch (outcome) {
            case DELIVERED -> new Settlement.Delivered(lease, data);
            case RETRYING -> new Settlement.Retrying(lease, data, Duration.ZERO);
            case DEAD -> new Settlement.Dead(lease, data, reason);
            default -> throw new IllegalArgumentException("not an outcome of an attempt: " + outcome);
        };
        ScriptRunner.Call call = SettleCall.of(new RedisKeys(queue, c.partition()), memo, List.of(settlement));
        List<Object> codes = eval(call.script(), call.returnType(), call.keys(), call.args());
        return ((Number) codes.getFirst()).longValue();
    }

    /** Runs {@code reap} on every partition; returns how many jobs it reaped. */
    long reapAll(int maxStalls) {
        long reaped = 0;
        for (int p = 0; p < partitions; p++) {
            RedisKeys k = new RedisKeys(queue, p);
            Long n = eval(LuaScript.REAP, RScript.ReturnType.LONG,
                    List.of(k.active(), k.inflight(), k.ring(), k.ringSet(), k.dead(), k.outbox()),
                    k.prefix(), String.valueOf(maxStalls), "100");
            reaped += n;
        }
        return reaped;
    }

    /** Runs {@code release} for one leased job. */
    long release(Claimed c) {
        RedisKeys k = new RedisKeys(queue, c.partition());
        return eval(LuaScript.RELEASE, RScript.ReturnType.LONG,
                List.of(k.active(), k.inflight(), k.ring(), k.ringSet(), k.outbox()), k.prefix(), c.id(), c.token());
    }

    /** An attempt's details as a worker would report them. */
    static AttemptRecord attempt(Job job, Integer status, String errorClass) {
        return new AttemptRecord(job.url().toString(), System.currentTimeMillis() - 25, 25, status, errorClass,
                errorClass == null ? null : "it failed: " + errorClass, Map.of("content-type", "text/plain"),
                status == null ? "" : "body " + status, "worker-test");
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
        return redisson.getScoredSortedSet(k.dead(), StringCodec.INSTANCE).contains(job.id().value());
    }

    boolean jobHashExists(Job job) {
        return redisson.getKeys().countExists(keysOf(job).job(job.id().value())) > 0;
    }

    private <R> R eval(LuaScript script, RScript.ReturnType type, List<Object> keys, Object... args) {
        return redisson.getScript(StringCodec.INSTANCE)
                .eval((String) keys.getFirst(), RScript.Mode.READ_WRITE, script.source(), type, keys, args);
    }
}
