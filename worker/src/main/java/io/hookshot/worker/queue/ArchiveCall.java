package io.hookshot.worker.queue;

import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/**
 * The one place that lays out a call of the {@code archive} script (see its header). Used by the outbox exporter and
 * by tests that drive the script directly.
 */
public final class ArchiveCall {
    private ArchiveCall() {}

    /** One call forgetting the dead jobs {@code ids}, all of the partition of {@code keys}. */
    public static ScriptRunner.Call of(RedisKeys keys, List<String> ids) {
        Object[] args = new Object[ids.size() + 1];
        args[0] = keys.prefix();
        for (int i = 0; i < ids.size(); i++) {
            args[i + 1] = ids.get(i);
        }
        return new ScriptRunner.Call(LuaScript.ARCHIVE, ReturnType.LONG, List.of(keys.dead()), args);
    }
}
