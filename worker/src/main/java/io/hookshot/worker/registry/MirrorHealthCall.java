package io.hookshot.worker.registry;

import io.hookshot.common.Endpoints;
import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.worker.queue.ScriptRunner;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/** The one place that lays out a call of the {@code mirror_health} script (see its header). */
final class MirrorHealthCall {
    private MirrorHealthCall() {}

    /**
     * One call bringing {@code endpoint}'s health in its partition of {@code queue} (of {@code partitions}) in step
     * with the registry: its rate limit and, while it is disabled (for {@code reason}, "" for none), a cleared breaker.
     */
    static ScriptRunner.Call of(String queue, int partitions, MirroredEndpoint endpoint, String reason) {
        String id = endpoint.id().value();
        RedisKeys keys = new RedisKeys(queue, Endpoints.partitionOf(id, partitions));
        return new ScriptRunner.Call(
                LuaScript.MIRROR_HEALTH,
                ReturnType.LONG,
                List.of(keys.health(), keys.paused(), keys.ring(), keys.ringSet(), keys.ops()),
                new Object[] {
                    keys.prefix(),
                    id,
                    endpoint.rateLimit().map(String::valueOf).orElse(""),
                    endpoint.disabled() ? "1" : "0",
                    endpoint.tenant().value(),
                    reason
                });
    }
}
