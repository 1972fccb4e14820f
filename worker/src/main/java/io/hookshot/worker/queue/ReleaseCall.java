package io.hookshot.worker.queue;

import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/**
 * The one place that lays out a call of the {@code release} script (see its header). Used by {@link RedisJobQueue}
 * and by tests that drive the script directly.
 */
public final class ReleaseCall {
    private ReleaseCall() {}

    /** One call giving back {@code leases}, all of the partition of {@code keys}. */
    public static ScriptRunner.Call of(RedisKeys keys, List<Lease> leases) {
        List<Object> args = new ArrayList<>(1 + 2 * leases.size());
        args.add(keys.prefix());
        LeaseArguments.add(args, leases);
        return new ScriptRunner.Call(
                LuaScript.RELEASE,
                ReturnType.LONG,
                List.of(keys.active(), keys.inflight(), keys.ring(), keys.ringSet(), keys.outbox()),
                args.toArray());
    }
}
