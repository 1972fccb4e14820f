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
     * {@code maxStalls} times already dies, recorded as an operational event unless {@code notifyExcept} is ""
     * (see {@link EndpointPolicy#notifyExcept()}).
     */
    public static ScriptRunner.Call of(RedisKeys keys, int maxStalls, int limit, String notifyExcept) {
        return new ScriptRunner.Call(
                LuaScript.REAP,
                ReturnType.LONG,
                List.of(
                        keys.active(),
                        keys.inflight(),
                        keys.ring(),
                        keys.ringSet(),
                        keys.dead(),
                        keys.outbox(),
                        keys.ops()),
                new Object[] {keys.prefix(), Integer.toString(maxStalls), Integer.toString(limit), notifyExcept});
    }

    /** Like {@link #of(RedisKeys, int, int, String)}, recording no operational events. */
    public static ScriptRunner.Call of(RedisKeys keys, int maxStalls, int limit) {
        return of(keys, maxStalls, limit, "");
    }
}
