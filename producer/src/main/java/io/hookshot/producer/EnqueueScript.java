package io.hookshot.producer;

import io.hookshot.common.EnqueueCall;
import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import io.hookshot.common.NoScriptRetry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs {@link LuaScript#ENQUEUE} for a batch of calls in one pipeline of EVALSHA. Calls that Redis answers with
 * NOSCRIPT (its script cache is empty after a restart or {@code SCRIPT FLUSH}) did not run; the script is loaded
 * and only those calls are sent again, as {@link NoScriptRetry} says. Thread-safe: all state is in the {@link UnifiedJedis} it is given.
 */
final class EnqueueScript {
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueScript.class);

    private final UnifiedJedis redis;

    EnqueueScript(UnifiedJedis redis) {
        this.redis = redis;
    }

    /**
     * Enqueues every call; returns, in call order, the id each message is stored under: its own, or for a
     * duplicate idempotency key the id of the message first sent with that key.
     *
     * @throws ProducerException when Redis fails; some calls may have run
     */
    List<MessageId> run(List<EnqueueCall> calls) {
        MessageId[] ids = new MessageId[calls.size()];
        List<Integer> pending = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            pending.add(i);
        }
        for (int loads = 0; ; loads++) {
            pending = runPipeline(calls, pending, ids);
            if (pending.isEmpty()) {
                return Arrays.asList(ids);
            }
            if (loads == NoScriptRetry.MAX_LOADS) {
                throw new ProducerException("Redis kept answering NOSCRIPT for the enqueue script after "
                        + NoScriptRetry.MAX_LOADS + " loads; " + pending.size() + " of " + calls.size()
                        + " messages were not enqueued", null);
            }
            LOG.info("Redis has no enqueue script cached (restarted or flushed?); loading it");
            load(calls.get(pending.get(0)).jobKey());
        }
    }

    /** Runs the pending calls; fills {@code ids} and returns the indexes that met NOSCRIPT. */
    private List<Integer> runPipeline(List<EnqueueCall> calls, List<Integer> pending, MessageId[] ids) {
        List<Response<Object>> responses = new ArrayList<>(pending.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i : pending) {
                EnqueueCall call = calls.get(i);
                responses.add(pipeline.evalsha(LuaScript.ENQUEUE.sha1(), call.keys(), call.args()));
            }
            pipeline.sync();
        } catch (JedisException e) {
            throw new ProducerException("Redis failed while enqueuing " + pending.size()
                    + " messages; some may be enqueued, and sending the same messages again is safe", e);
        }
        List<Integer> noScript = new ArrayList<>();
        JedisDataException firstError = null;
        int errors = 0;
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            try {
                ids[i] = storedId(responses.get(k).get(), calls.get(i));
            } catch (JedisDataException e) {
                if (NoScriptRetry.isNoScript(e)) {
                    noScript.add(i);
                } else {
                    firstError = firstError == null ? e : firstError;
                    errors++;
                }
            }
        }
        if (firstError != null) {
            throw new ProducerException("Redis rejected the enqueue script for " + errors + " of " + pending.size()
                    + " messages (the others are enqueued): " + firstError.getMessage(), firstError);
        }
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
            redis.scriptLoad(LuaScript.ENQUEUE.source(), sampleKey);
        } catch (JedisException e) {
            throw new ProducerException("Redis failed to load the enqueue script", e);
        }
    }

    /** Reads {@code {1, id}} (enqueued) or {@code {0, existing id}} (already there). */
    private static MessageId storedId(Object reply, EnqueueCall call) {
        if (reply instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Long status) {
            String id = text(list.get(1));
            if (id != null) {
                if (status == 0) {
                    LOG.debug("message {} was already enqueued as {}", call.id(), id);
                }
                return new MessageId(id);
            }
        }
        throw new ProducerException("enqueue script answered " + reply + " for message " + call.id()
                + "; expected {1, id} or {0, id}", null);
    }

    private static String text(Object value) {
        return switch (value) {
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case null, default -> null;
        };
    }
}
