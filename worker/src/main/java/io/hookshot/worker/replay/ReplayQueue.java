package io.hookshot.worker.replay;

import io.hookshot.common.Endpoints;
import io.hookshot.common.Job;
import io.hookshot.common.RedisKeys;
import io.hookshot.worker.queue.ReplayCall;
import io.hookshot.worker.queue.ScriptRunner;
import java.util.List;
import org.redisson.api.RedissonClient;

/** The Redis side of a replay: runs the {@code replay} script for one job. Thread-safe. */
final class ReplayQueue {
    private final RedissonClient redis;
    private final ScriptRunner scripts;
    private final String queue;
    private final int partitions;

    ReplayQueue(RedissonClient redis, String queue, int partitions) {
        this.redis = redis;
        this.scripts = new ScriptRunner(redis);
        this.queue = queue;
        this.partitions = partitions;
    }

    /** Makes the job ready with {@code attemptsSoFar} attempts behind it; false when it is live and was left alone. */
    boolean replay(Job job, int attemptsSoFar) {
        RedisKeys k = new RedisKeys(queue, Endpoints.partitionOf(job.endpointKey(), partitions));
        List<?> result = scripts.run(ReplayCall.of(k, job, attemptsSoFar));
        return Long.valueOf(1).equals(result.getFirst());
    }

    /** Whether the job's hash exists in the partition of {@code job}'s endpoint key, outside the dead set. */
    boolean isLive(Job job, String id) {
        RedisKeys k = new RedisKeys(queue, Endpoints.partitionOf(job.endpointKey(), partitions));
        return redis.getKeys().countExists(k.job(id)) == 1
                && redis.getScoredSortedSet(k.dead()).getScore(id) == null;
    }
}
