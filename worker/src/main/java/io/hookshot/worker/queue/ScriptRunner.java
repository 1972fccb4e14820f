package io.hookshot.worker.queue;

import io.hookshot.common.LuaScript;
import java.util.List;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * Runs the queue's Lua scripts through Redisson by SHA-1, loading them on every master when Redis answers NOSCRIPT
 * (after a restart or a SCRIPT FLUSH) and trying once more. Every script is safe to run twice, so the retry is too.
 * Thread-safe.
 */
public final class ScriptRunner {
    /** One script call: the first key routes it (all keys share the partition's slot). */
    public record Call(LuaScript script, RScript.ReturnType returnType, List<Object> keys, Object[] args) {
    }

    private final RedissonClient redis;

    public ScriptRunner(RedissonClient redis) {
        this.redis = redis;
    }

    public <R> R run(Call call) {
        return withScriptsLoaded(() -> {
            RScript script = redis.getScript(StringCodec.INSTANCE);
            return script.evalSha((String) call.keys().getFirst(), RScript.Mode.READ_WRITE, call.script().sha1(),
                    call.returnType(), call.keys(), call.args());
        });
    }

    /** Runs the calls in one pipelined round trip; the results are in the order of the calls. */
    public List<?> runBatch(List<Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return withScriptsLoaded(() -> {
            RBatch batch = redis.createBatch(BatchOptions.defaults());
            RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
            for (Call call : calls) {
                script.evalShaAsync((String) call.keys().getFirst(), RScript.Mode.READ_WRITE, call.script().sha1(),
                        call.returnType(), call.keys(), call.args());
            }
            BatchResult<?> result = batch.execute();
            return result.getResponses();
        });
    }

    private <R> R withScriptsLoaded(java.util.function.Supplier<R> action) {
        try {
            return action.get();
        } catch (RedisException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            loadAll();
            return action.get();
        }
    }

    /** Loads every script on every master. */
    public void loadAll() {
        RScript script = redis.getScript(StringCodec.INSTANCE);
        for (LuaScript lua : LuaScript.values()) {
            script.scriptLoad(lua.source());
        }
    }

    private static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }
}
