package io.hookshot.producer;

import io.hookshot.common.EnqueueCall;
import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import io.hookshot.common.NoScriptRetry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs {@link LuaScript#ENQUEUE} for a batch of calls (each one partition's jobs) in one pipeline of EVALSHA. Calls
 * that Redis answers with NOSCRIPT (its script cache is empty after a restart or {@code SCRIPT FLUSH}) did not run;
 * the script is loaded and only those calls are sent again, as {@link NoScriptRetry} says. Thread-safe: all state is
 * in the {@link UnifiedJedis} it is given.
 */
final class EnqueueScript {
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueScript.class);

    private final UnifiedJedis redis;
    private final ReplicaWait replicas;

    EnqueueScript(UnifiedJedis redis, ReplicaAcks acks) {
        this.redis = redis;
        this.replicas = new ReplicaWait(acks);
    }

    /**
     * Enqueues every call; returns, for the jobs of the calls taken in order, the id each message is stored under:
     * its own, or for a duplicate idempotency key the id of the message first sent with that key.
     *
     * @throws ProducerException when Redis fails or refuses a job; the other jobs may have been enqueued
     */
    List<MessageId> run(List<EnqueueCall> calls) {
        List<List<MessageId>> stored = new ArrayList<>(Collections.nCopies(calls.size(), null));
        List<Integer> pending = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            pending.add(i);
        }
        for (int loads = 0; ; loads++) {
            pending = runPipeline(calls, pending, stored);
            if (pending.isEmpty()) {
                List<MessageId> ids = new ArrayList<>();
                stored.forEach(ids::addAll);
                return ids;
            }
            if (loads == NoScriptRetry.MAX_LOADS) {
                throw new ProducerException(
                        "Redis kept answering NOSCRIPT for the enqueue script after "
                                + NoScriptRetry.MAX_LOADS + " loads; " + jobsIn(calls, pending) + " of "
                                + calls.stream().mapToInt(c -> c.ids().size()).sum() + " messages were not enqueued",
                        null);
            }
            LOG.info("Redis has no enqueue script cached (restarted or flushed?); loading it");
            load(calls.get(pending.getFirst()).routingKey());
        }
    }

    /** Runs the pending calls; fills {@code stored} and returns the indexes of the calls that met NOSCRIPT. */
    private List<Integer> runPipeline(List<EnqueueCall> calls, List<Integer> pending, List<List<MessageId>> stored) {
        List<Response<Object>> responses = new ArrayList<>(pending.size());
        List<Response<Long>> waits;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i : pending) {
                EnqueueCall call = calls.get(i);
                responses.add(pipeline.evalsha(LuaScript.ENQUEUE.sha1(), call.keys(), call.args()));
            }
            waits = replicas.add(
                    pipeline,
                    pending.stream().map(i -> calls.get(i).routingKey()).toList());
            pipeline.sync();
        } catch (JedisException e) {
            throw new ProducerException(
                    "Redis failed while enqueuing " + jobsIn(calls, pending)
                            + " messages; some may be enqueued, and sending the same messages again is safe",
                    e);
        }
        List<Integer> noScript = new ArrayList<>();
        Refusals refusals = new Refusals();
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            EnqueueCall call = calls.get(i);
            try {
                stored.set(i, storedIds(responses.get(k).get(), call, refusals));
            } catch (JedisDataException e) {
                if (NoScriptRetry.isNoScript(e)) {
                    noScript.add(i);
                } else {
                    refusals.add(call.ids().size(), e.getMessage(), e);
                }
            }
        }
        if (refusals.first != null) {
            throw new ProducerException(
                    "Redis rejected the enqueue script for " + refusals.jobs + " of " + jobsIn(calls, pending)
                            + " messages (the others are enqueued): " + refusals.first,
                    refusals.cause);
        }
        replicas.check(waits, jobsIn(calls, pending) + " messages");
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

    /**
     * Reads the script's two values per job: {@code 1, id} (enqueued), {@code 0, existing id} (already there) or
     * {@code -1, error} (refused, counted in {@code refusals}; its id is then null).
     */
    private static List<MessageId> storedIds(Object reply, EnqueueCall call, Refusals refusals) {
        int jobs = call.ids().size();
        if (!(reply instanceof List<?> values) || values.size() != 2 * jobs) {
            throw unexpected(reply, call);
        }
        List<MessageId> ids = new ArrayList<>(jobs);
        for (int j = 0; j < jobs; j++) {
            String value = text(values.get(2 * j + 1));
            if (!(values.get(2 * j) instanceof Long status) || value == null || status < -1 || status > 1) {
                throw unexpected(reply, call);
            }
            if (status == -1) {
                refusals.add(1, value, null);
                ids.add(null);
                continue;
            }
            if (status == 0) {
                LOG.debug("message {} was already enqueued as {}", call.ids().get(j), value);
            }
            ids.add(new MessageId(value));
        }
        return ids;
    }

    private static ProducerException unexpected(Object reply, EnqueueCall call) {
        return new ProducerException(
                "enqueue script answered " + reply + " for the " + call.ids().size() + " messages from "
                        + call.ids().getFirst() + "; expected {1|0, id} for each",
                null);
    }

    private static int jobsIn(List<EnqueueCall> calls, List<Integer> indexes) {
        int jobs = 0;
        for (int i : indexes) {
            jobs += calls.get(i).ids().size();
        }
        return jobs;
    }

    /** The jobs Redis refused in one pipeline, and what it said first (with the exception, for a whole call). */
    private static final class Refusals {
        private int jobs;
        private String first;
        private JedisDataException cause;

        void add(int count, String error, JedisDataException exception) {
            jobs += count;
            if (first == null) {
                first = error;
                cause = exception;
            }
        }
    }

    private static String text(Object value) {
        return switch (value) {
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case null, default -> null;
        };
    }
}
