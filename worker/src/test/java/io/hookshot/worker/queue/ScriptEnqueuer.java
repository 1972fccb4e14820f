package io.hookshot.worker.queue;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueCall;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.PlainJob;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RedissonClient;

/**
 * Test support: runs the {@code enqueue} script directly, laid out as the producer lays it out
 * ({@link EnqueueLayout}), without the producer module. Not thread-safe.
 */
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
        return enqueue(id, url, delay, Optional.empty());
    }

    /** As {@link #enqueue(String, String, Duration)}, for a job a producer awaits when {@code outcome} is given. */
    List<Object> enqueue(String id, String url, Duration delay, Optional<OutcomeRequest> outcome) {
        Job job = PlainJob.of(id, url, "{\"n\":1}");
        EnqueueCall call = new EnqueueLayout(keysFor(url), Duration.ZERO)
                .calls()
                .add(job, job.endpointKey(), JobCodec.encode(job), delay, Optional.empty(), outcome)
                .build()
                .getFirst();
        return scripts.run(ScriptRunner.Call.of(call));
    }

    RedisKeys keysFor(String url) {
        return new RedisKeys(queue, Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)), partitions));
    }
}
