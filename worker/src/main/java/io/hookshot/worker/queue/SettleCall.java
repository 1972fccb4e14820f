package io.hookshot.worker.queue;

import io.hookshot.common.LuaScript;
import io.hookshot.common.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript.ReturnType;

/**
 * The one place that lays out a call of the {@code settle} script (see its header): the partition's keys, the memo
 * named for the first settlement's token, the endpoint health settings, whether operational events are recorded, and
 * eight arguments per settlement. Used by {@link RedisJobQueue} and by tests that drive the script directly.
 */
public final class SettleCall {
    /** Where the first settlement's job id sits among the call's arguments (ARGV[7], counted from 0); its token next. */
    public static final int FIRST_ID_ARG = 6;

    private static final int PER_SETTLEMENT = 8;

    private SettleCall() {}

    /**
     * One call for {@code settlements}, all of the partition of {@code keys}; {@code memo}: how long it lasts;
     * {@code endpointCap} and {@code endpoints}: what the endpoint health the attempts report is measured against.
     */
    public static ScriptRunner.Call of(
            RedisKeys keys,
            Duration memo,
            int endpointCap,
            EndpointPolicy endpoints,
            List<? extends Settlement> settlements) {
        if (settlements.isEmpty()) {
            throw new IllegalArgumentException("a settle call needs at least one settlement");
        }
        List<Object> args = new ArrayList<>(FIRST_ID_ARG + PER_SETTLEMENT * settlements.size());
        args.add(keys.prefix());
        args.add(Long.toString(memo.toMillis()));
        args.add(Integer.toString(endpoints.breakerFailures()));
        args.add(Long.toString(endpoints.maxHold().toMillis()));
        args.add(Integer.toString(endpointCap));
        args.add(endpoints.notifyExcept());
        for (Settlement s : settlements) {
            String outcome;
            long delayMs = 0;
            String reason = "";
            switch (s) {
                case Settlement.Delivered d -> outcome = "delivered";
                case Settlement.Retrying r -> {
                    outcome = "retrying";
                    delayMs = r.delay().toMillis();
                }
                case Settlement.Dead d -> {
                    outcome = "dead";
                    reason = d.reason();
                }
            }
            args.add(s.lease().id());
            args.add(s.lease().token());
            args.add(outcome);
            args.add(Long.toString(delayMs));
            args.add(s.attempt().toJson());
            args.add(reason);
            EndpointSignal signal = EndpointSignal.of(s.attempt());
            args.add(signal.wireName());
            args.add(Long.toString(signal.pause().toMillis()));
        }
        return new ScriptRunner.Call(
                LuaScript.SETTLE,
                ReturnType.LIST,
                List.of(
                        keys.active(),
                        keys.inflight(),
                        keys.ring(),
                        keys.ringSet(),
                        keys.delayed(),
                        keys.dead(),
                        keys.outbox(),
                        keys.settled(settlements.getFirst().lease().token()),
                        keys.health(),
                        keys.paused(),
                        keys.ops()),
                args.toArray());
    }
}
