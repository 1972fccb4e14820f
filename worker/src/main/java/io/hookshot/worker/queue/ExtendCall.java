package io.hookshot.worker.queue;

import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/**
 * The one place that lays out a call of the {@code extend} script (see its header): the partition's active set, the
 * new lease and each lease's job id and fencing token. Used by {@link RedisJobQueue}.
 */
final class ExtendCall {
    private ExtendCall() {}

    /** One call renewing {@code leases}, all of the partition of {@code keys}, for another {@code lease}. */
    static ScriptRunner.Call of(RedisKeys keys, Duration lease, List<Lease> leases) {
        List<Object> args = new ArrayList<>(2 + 2 * leases.size());
        args.add(keys.prefix());
        args.add(Long.toString(lease.toMillis()));
        LeaseArguments.add(args, leases);
        return new ScriptRunner.Call(LuaScript.EXTEND, ReturnType.LIST, List.of(keys.active()), args.toArray());
    }
}
