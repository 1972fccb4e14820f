package io.hookshot.worker.queue;

import io.hookshot.common.EnqueueCall;
import io.hookshot.common.LuaScript;
import io.hookshot.common.NoScriptRetry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
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
 * (after a restart, a failover to a replica that never loaded them, or a SCRIPT FLUSH) and trying again, as
 * {@link NoScriptRetry} says. A call that met NOSCRIPT did not run, so the retry runs it once. Each call is routed by
 * its first key; all its keys share the partition's hash tag, so on a cluster it runs on the master of that
 * partition's slot. Thread-safe.
 */
public final class ScriptRunner {
    /** One script call: the first key routes it (all keys share the partition's slot). */
    public record Call(LuaScript script, RScript.ReturnType returnType, List<Object> keys, Object[] args) {
        /** The call of the {@code enqueue} script that {@code call} lays out. */
        public static Call of(EnqueueCall call) {
            return new Call(
                    LuaScript.ENQUEUE,
                    RScript.ReturnType.LIST,
                    List.copyOf(call.keys()),
                    call.args().toArray());
        }
    }

    private final RedissonClient redis;
    private final boolean cluster;

    public ScriptRunner(RedissonClient redis) {
        this.redis = redis;
        this.cluster = redis.getConfig().isClusterConfig();
    }

    public <R> R run(Call call) {
        return withScriptsLoaded(() -> {
            RScript script = redis.getScript(StringCodec.INSTANCE);
            return script.evalSha(
                    (String) call.keys().getFirst(),
                    RScript.Mode.READ_WRITE,
                    call.script().sha1(),
                    call.returnType(),
                    call.keys(),
                    call.args());
        });
    }

    /**
     * Runs the calls in one pipelined round trip; the results are in the order of the calls.
     *
     * <p>When a Redisson batch fails, none of its calls' results can be trusted: on a cluster Redisson splits a batch
     * by master, and one master answering NOSCRIPT fails the calls another master ran. So the calls are sent as one
     * batch per group that succeeds or meets NOSCRIPT as a whole: per script, and on a cluster also per hash tag (one
     * slot, so one master). The groups' batches are in flight together; a group that met NOSCRIPT did not run, and is
     * sent again once the scripts are loaded, so every call runs once and answers for itself.
     *
     * @throws RedisException the first error other than NOSCRIPT (calls of other groups may have run)
     */
    public List<?> runBatch(List<Call> calls) {
        Object[] results = new Object[calls.size()];
        List<List<Integer>> pending = groups(calls);
        for (int loads = 0; !pending.isEmpty(); loads++) {
            if (loads > 0) {
                if (loads > NoScriptRetry.MAX_LOADS) {
                    throw noScriptAfterLoads();
                }
                loadAll();
            }
            pending = runGroups(calls, pending, results);
        }
        return Arrays.asList(results);
    }

    /** Indexes of the calls, grouped by script and, on a cluster, by the hash tag of their first key. */
    private List<List<Integer>> groups(List<Call> calls) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            String group = cluster
                    ? call.script().name() + " " + hashTag((String) call.keys().getFirst())
                    : call.script().name();
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(i);
        }
        return List.copyOf(groups.values());
    }

    /** Sends each group as a batch, all at once; fills in the results and returns the groups that met NOSCRIPT. */
    private List<List<Integer>> runGroups(List<Call> calls, List<List<Integer>> groups, Object[] results) {
        List<CompletableFuture<BatchResult<?>>> executions = new ArrayList<>(groups.size());
        for (List<Integer> group : groups) {
            RBatch batch = redis.createBatch(BatchOptions.defaults());
            RScriptAsync script = batch.getScript(StringCodec.INSTANCE);
            for (int i : group) {
                Call call = calls.get(i);
                script.evalShaAsync(
                        (String) call.keys().getFirst(),
                        RScript.Mode.READ_WRITE,
                        call.script().sha1(),
                        call.returnType(),
                        call.keys(),
                        call.args());
            }
            executions.add(batch.executeAsync().toCompletableFuture());
        }
        List<List<Integer>> noScript = new ArrayList<>();
        RedisException firstError = null;
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> group = groups.get(g);
            try {
                List<?> responses = executions.get(g).join().getResponses();
                for (int k = 0; k < group.size(); k++) {
                    results[group.get(k)] = responses.get(k);
                }
            } catch (CompletionException | CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (NoScriptRetry.isNoScript(cause)) {
                    noScript.add(group);
                } else if (firstError == null) {
                    firstError = cause instanceof RedisException r ? r : new RedisException(cause.toString(), cause);
                }
            }
        }
        if (firstError != null) {
            throw firstError;
        }
        return noScript;
    }

    /** The part of a key Redis Cluster hashes: between the first '{' and the next '}', if not empty. */
    static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : key;
    }

    private <R> R withScriptsLoaded(Supplier<R> action) {
        for (int loads = 0; ; loads++) {
            try {
                return action.get();
            } catch (RedisException e) {
                if (!NoScriptRetry.isNoScript(e)) {
                    throw e;
                }
                if (loads == NoScriptRetry.MAX_LOADS) {
                    throw noScriptAfterLoads();
                }
                loadAll();
            }
        }
    }

    private static RedisException noScriptAfterLoads() {
        return new RedisException("Redis kept answering NOSCRIPT after " + NoScriptRetry.MAX_LOADS + " script loads");
    }

    /** Loads every script on every master. */
    public void loadAll() {
        RScript script = redis.getScript(StringCodec.INSTANCE);
        for (LuaScript lua : LuaScript.values()) {
            script.scriptLoad(lua.source());
        }
    }
}
