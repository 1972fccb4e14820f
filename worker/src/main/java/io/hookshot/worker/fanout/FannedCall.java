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

    /**
     * The call recording that the event {@code eventId} (null when it could not be decoded) at {@code entryId} of the
     * partition of {@code keys} was fanned out to {@code endpointIds}.
     */
    static ScriptRunner.Call of(RedisKeys keys, String entryId, String eventId, List<String> endpointIds) {
        return new ScriptRunner.Call(
                LuaScript.FANNED,
                ReturnType.LONG,
                List.of(keys.events(), keys.outbox(), keys.eventOutcome(eventId == null ? entryId : eventId)),
                new Object[] {
                    EventStream.GROUP, entryId, Integer.toString(endpointIds.size()), String.join(" ", endpointIds)
                });
    }
}
