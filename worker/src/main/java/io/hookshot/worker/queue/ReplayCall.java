package io.hookshot.worker.queue;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/**
 * The one place that lays out a call of the {@code replay} script (see its header). Used by the dead-letter replayer.
 */
public final class ReplayCall {
    private ReplayCall() {}

    /**
     * One call making {@code job} ready again in the partition of {@code keys} (its endpoint's), its next attempt
     * numbered one more than {@code attemptsSoFar}.
     */
    public static ScriptRunner.Call of(RedisKeys keys, Job job, int attemptsSoFar) {
        String endpoint = job.endpointKey();
        String id = job.id().value();
        return new ScriptRunner.Call(
                LuaScript.REPLAY,
                ReturnType.LIST,
                List.of(keys.job(id), keys.ready(endpoint), keys.ring(), keys.ringSet(), keys.dead(), keys.outbox()),
                new Object[] {
                    id,
                    endpoint,
                    JobCodec.encode(job),
                    Integer.toString(attemptsSoFar),
                    job.url().toString(),
                    Long.toString(job.createdAt().toEpochMilli()),
                    keys.prefix(),
                    RedisKeys.wakeChannel(keys.queue())
                });
    }
}
