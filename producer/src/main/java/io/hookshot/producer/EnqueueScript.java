package io.hookshot.producer;

import io.hookshot.common.EnqueueCall;
import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs {@link LuaScript#ENQUEUE} for a batch of calls (each one partition's jobs) in one pipeline of EVALSHA, sending
 * again after a load the calls Redis answers with NOSCRIPT ({@link ScriptPipeline}), and reads what it stored.
 * Thread-safe: all state is in the {@link UnifiedJedis} it is given.
 */
final class EnqueueScript {
    private static final Logger LOG = LoggerFactory.getLogger(EnqueueScript.class);

    private final ScriptPipeline pipeline;

    EnqueueScript(UnifiedJedis redis, ReplicaAcks acks) {
        this.pipeline = new ScriptPipeline(
                redis,
                LuaScript.ENQUEUE,
                acks,
                new ScriptPipeline.Wording(
                        "messages", "enqueuing", "enqueued", "sending the same messages again is safe"));
    }

    /**
     * Enqueues every call; returns, for the jobs of the calls taken in order, the id each message is stored under:
     * its own, or for a duplicate idempotency key the id of the message first sent with that key.
     *
     * @throws ProducerException when Redis fails or refuses a job; the other jobs may have been enqueued
     */
    List<MessageId> run(List<EnqueueCall> calls) {
        List<List<MessageId>> stored = new ArrayList<>(Collections.nCopies(calls.size(), null));
        pipeline.run(
                calls.stream()
                        .map(c -> new ScriptPipeline.Call(
                                c.keys(), c.args(), c.routingKey(), c.ids().size()))
                        .toList(),
                (i, reply, refusals) -> stored.set(i, storedIds(reply, calls.get(i), refusals)));
        List<MessageId> ids = new ArrayList<>();
        stored.forEach(ids::addAll);
        return ids;
    }

    /** Loads the script on the Redis node holding {@code sampleKey} ({@link ScriptPipeline#load}). */
    void load(String sampleKey) {
        pipeline.load(sampleKey);
    }

    /**
     * Reads the script's two values per job: {@code 1, id} (enqueued), {@code 0, existing id} (already there) or
     * {@code -1, error} (refused, counted in {@code refusals}; its id is then null).
     */
    private static List<MessageId> storedIds(Object reply, EnqueueCall call, ScriptPipeline.Refusals refusals) {
        int jobs = call.ids().size();
        if (!(reply instanceof List<?> values) || values.size() != 2 * jobs) {
            throw unexpected(reply, call);
        }
        List<MessageId> ids = new ArrayList<>(jobs);
        for (int j = 0; j < jobs; j++) {
            String value = ScriptPipeline.text(values.get(2 * j + 1));
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
}
