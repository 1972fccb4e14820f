package io.hookshot.worker.registry;

import io.hookshot.common.LuaScript;
import io.hookshot.common.events.EventKeys;
import io.hookshot.worker.queue.ScriptRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RScript.ReturnType;

/** The one place that lays out a call of the {@code mirror_event_types} script (see its header). */
final class MirrorEventTypesCall {
    private MirrorEventTypesCall() {}

    /** One call writing these types' states ({@code true}: archived); {@code replace}: and removing every other. */
    static ScriptRunner.Call of(String queue, Map<String, Boolean> archivedByName, boolean replace) {
        List<Object> args = new ArrayList<>(1 + 2 * archivedByName.size());
        args.add(replace ? "replace" : "set");
        archivedByName.forEach((name, archived) -> {
            args.add(name);
            args.add(archived ? EventKeys.ARCHIVED : EventKeys.ACTIVE);
        });
        return new ScriptRunner.Call(
                LuaScript.MIRROR_EVENT_TYPES, ReturnType.LONG, List.of(EventKeys.eventTypes(queue)), args.toArray());
    }
}
