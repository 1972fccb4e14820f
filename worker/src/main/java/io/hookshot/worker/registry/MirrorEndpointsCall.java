package io.hookshot.worker.registry;

import io.hookshot.common.LuaScript;
import io.hookshot.common.events.EndpointMirrorCodec;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.worker.queue.ScriptRunner;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/** The one place that lays out a call of the {@code mirror_endpoints} script (see its header). */
final class MirrorEndpointsCall {
    private static final String FORCE = "force";

    private MirrorEndpointsCall() {}

    /**
     * One call replacing the mirror of {@code snapshot}'s tenant with it, unless the mirror holds a newer version;
     * {@code force}: whatever version it holds.
     */
    static ScriptRunner.Call of(String queue, TenantSnapshot snapshot, boolean force) {
        List<Object> args = new ArrayList<>(2 + 2 * snapshot.endpoints().size());
        args.add(Long.toString(snapshot.version()));
        args.add(force ? FORCE : "");
        for (MirroredEndpoint endpoint : snapshot.endpoints()) {
            args.add(endpoint.id().value());
            args.add(EndpointMirrorCodec.encode(endpoint));
        }
        return new ScriptRunner.Call(
                LuaScript.MIRROR_ENDPOINTS,
                ReturnType.LIST,
                List.of(EventKeys.endpoints(queue, snapshot.tenant())),
                args.toArray());
    }
}
