package io.hookshot.worker.queue;

import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/**
 * The one place that lays out a call of the {@code reap} script (see its header). Used by {@link RedisJobQueue} and
 * by tests that drive the script directly.
 */
public final class ReapCall {
    private ReapCall() {}

    /**
     * One call reaping at most {@code limit} expired leases of the partition of {@code keys}; a job that has stalled
     * {@code maxStalls} times already dies.
     */
    public static ScriptRunner.Call of(RedisKeys keys, int maxStalls, int limit) {
        return new ScriptRunner.Call(
                LuaScript.REAP,
                ReturnType.LONG,
                List.of(keys.active(), keys.inflight(), keys.ring(), keys.ringSet(), keys.dead(), keys.outbox()),
                new Object[] {keys.prefix(), Integer.toString(maxStalls), Integer.toString(limit)});
    }
}
