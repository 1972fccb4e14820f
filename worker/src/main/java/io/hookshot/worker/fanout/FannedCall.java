package io.hookshot.worker.fanout;

import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventStream;
import io.hookshot.worker.queue.ScriptRunner;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/** The one place that lays out a call of the {@code fanned} script (see its header). Stateless. */
final class FannedCall {
    private FannedCall() {}

    /** The call recording that the event at {@code entryId} of the partition of {@code keys} made {@code endpoints}. */
    static ScriptRunner.Call of(RedisKeys keys, String entryId, int endpoints) {
        return new ScriptRunner.Call(
                LuaScript.FANNED, ReturnType.LONG, List.of(keys.events(), keys.outbox()), new Object[] {
                    EventStream.GROUP, entryId, Integer.toString(endpoints)
                });
    }
}
