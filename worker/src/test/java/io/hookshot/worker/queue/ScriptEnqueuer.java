package io.hookshot.worker.queue;

import io.hookshot.common.Endpoints;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;

/** Test support: runs the {@code enqueue} script directly, as the producer does, without the producer module. */
final class ScriptEnqueuer {
    private final ScriptRunner scripts;
    private final String queue;
    private final int partitions;

    ScriptEnqueuer(RedissonClient redis, String queue, int partitions) {
        this.scripts = new ScriptRunner(redis);
        this.queue = queue;
        this.partitions = partitions;
    }

    /** Enqueues a job for {@code url}; returns the script's reply {@code [1|0, id]}. */
    List<Object> enqueue(String id, String url, Duration delay) {
        return enqueue(new Job(new MessageId(id), URI.create(url), Map.of(),
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8), Job.DEFAULT_CONTENT_TYPE, Optional.empty(),
                Optional.empty(), List.of(), Instant.now()), delay);
    }

    List<Object> enqueue(Job job, Duration delay) {
        String ep = job.endpointKey();
        RedisKeys k = keysFor(job.url().toString());
        return scripts.run(new ScriptRunner.Call(LuaScript.ENQUEUE, ReturnType.LIST,
                List.of(k.job(job.id().value()), k.ready(ep), k.ring(), k.ringSet(), k.delayed(), k.outbox(),
                        k.idempotency(ep, "")),
                new Object[] {job.id().value(), ep, JobCodec.encode(job), Long.toString(delay.toMillis()), "", "",
                        "0", job.url().toString(), Long.toString(job.createdAt().toEpochMilli()), k.prefix(),
                        RedisKeys.wakeChannel(queue)}));
    }

    RedisKeys keysFor(String url) {
        return new RedisKeys(queue, Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)), partitions));
    }
}
