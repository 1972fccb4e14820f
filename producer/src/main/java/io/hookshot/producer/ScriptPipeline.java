package io.hookshot.producer;

import io.hookshot.common.LuaScript;
import io.hookshot.common.NoScriptRetry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs one Lua script for a batch of calls in one pipeline of EVALSHA, followed by the WAITs for replicas
 * ({@link ReplicaWait}), for {@link EnqueueScript} and {@link PublishScript}. Calls that Redis answers with NOSCRIPT
 * (its script cache is empty after a restart or {@code SCRIPT FLUSH}) did not run; the script is loaded and only those
 * calls are sent again, as {@link NoScriptRetry} says. Calls Redis refuses fail the batch once every answer is read.
 * Thread-safe: all state is in the {@link UnifiedJedis} it is given.
 */
final class ScriptPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptPipeline.class);

    /** One script call: its keys and arguments, a key naming the node it runs on, how many items it carries. */
    record Call(List<String> keys, List<String> args, String routingKey, int items) {}

    /**
     * How errors name what the calls carry, as in "Redis failed while {@code doing} 3 {@code items}; some may be
     * {@code done}, and {@code again}".
     */
    record Wording(String items, String doing, String done, String again) {}

    /** Reads the answer of call {@code index}, adding the items the script itself refused to {@code refusals}. */
    interface Replies {
        void read(int index, Object reply, Refusals refusals);
    }

    private final UnifiedJedis redis;
    private final LuaScript script;
    private final String name;
    private final Wording wording;
    private final ReplicaWait replicas;

    ScriptPipeline(UnifiedJedis redis, LuaScript script, ReplicaAcks acks, Wording wording) {
        this.redis = redis;
        this.script = script;
        this.name = script.name().toLowerCase(Locale.ROOT);
        this.wording = wording;
        this.replicas = new ReplicaWait(acks);
    }

    /**
     * Runs every call, handing each answer to {@code replies} once (calls met by NOSCRIPT are answered by a later
     * pipeline).
     *
     * @throws ProducerException when Redis fails or refuses a call or an item; the other calls may have run
     */
    void run(List<Call> calls, Replies replies) {
        List<Integer> pending = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            pending.add(i);
        }
        for (int loads = 0; ; loads++) {
            pending = runPipeline(calls, pending, replies);
            if (pending.isEmpty()) {
                return;
            }
            if (loads == NoScriptRetry.MAX_LOADS) {
                throw new ProducerException(
                        "Redis kept answering NOSCRIPT for the " + name + " script after " + NoScriptRetry.MAX_LOADS
                                + " loads; " + itemsIn(calls, pending) + " of "
                                + calls.stream().mapToInt(Call::items).sum() + " "
                                + wording.items() + " were not " + wording.done(),
                        null);
            }
            LOG.info("Redis has no {} script cached (restarted or flushed?); loading it", name);
            load(calls.get(pending.getFirst()).routingKey());
        }
    }

    /** Runs the pending calls, hands their answers to {@code replies}; returns the indexes of those met by NOSCRIPT. */
    private List<Integer> runPipeline(List<Call> calls, List<Integer> pending, Replies replies) {
        List<Response<Object>> responses = new ArrayList<>(pending.size());
        List<Response<Long>> waits;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i : pending) {
                Call call = calls.get(i);
                responses.add(pipeline.evalsha(script.sha1(), call.keys(), call.args()));
            }
            waits = replicas.add(
                    pipeline,
                    pending.stream().map(i -> calls.get(i).routingKey()).toList());
            pipeline.sync();
        } catch (JedisException e) {
            throw new ProducerException(
                    "Redis failed while " + wording.doing() + " " + itemsIn(calls, pending) + " " + wording.items()
                            + "; some may be " + wording.done() + ", and " + wording.again(),
                    e);
        }
        List<Integer> noScript = new ArrayList<>();
        Refusals refusals = new Refusals();
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            try {
                replies.read(i, responses.get(k).get(), refusals);
            } catch (JedisDataException e) {
                if (NoScriptRetry.isNoScript(e)) {
                    noScript.add(i);
                } else {
                    refusals.add(calls.get(i).items(), e.getMessage(), e);
                }
            }
        }
        if (refusals.first != null) {
            throw new ProducerException(
                    "Redis rejected the " + name + " script for " + refusals.items + " of " + itemsIn(calls, pending)
                            + " " + wording.items() + " (the others are " + wording.done() + "): " + refusals.first,
                    refusals.cause);
        }
        replicas.check(waits, itemsIn(calls, pending) + " " + wording.items());
        return noScript;
    }

    /**
     * Loads the script on the Redis node holding {@code sampleKey}, so that the next EVALSHA there finds it. On a
     * cluster Jedis sends SCRIPT LOAD to every node (its request policy is all_nodes), so one load serves a batch
     * spread over all masters; {@link #run} loads again, up to {@value NoScriptRetry#MAX_LOADS} times, should a node
     * still lack it.
     *
     * @throws ProducerException when Redis fails
     */
    void load(String sampleKey) {
        try {
            redis.scriptLoad(script.source(), sampleKey);
        } catch (JedisException e) {
            throw new ProducerException("Redis failed to load the " + name + " script", e);
        }
    }

    private static int itemsIn(List<Call> calls, List<Integer> indexes) {
        int items = 0;
        for (int i : indexes) {
            items += calls.get(i).items();
        }
        return items;
    }

    /** A script's string answer as text (Jedis gives it as bytes or as a string); null for any other value. */
    static String text(Object value) {
        return switch (value) {
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case null, default -> null;
        };
    }

    /** The items Redis refused in one pipeline, and what it said first (with the exception, for a whole call). */
    static final class Refusals {
        private int items;
        private String first;
        private JedisDataException cause;

        void add(int count, String error, JedisDataException exception) {
            items += count;
            if (first == null) {
                first = error;
                cause = exception;
            }
        }
    }
}
