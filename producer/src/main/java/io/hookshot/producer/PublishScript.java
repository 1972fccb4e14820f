package io.hookshot.producer;

import io.hookshot.common.LuaScript;
import io.hookshot.common.NoScriptRetry;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.PublishCall;
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
 * Runs {@link LuaScript#PUBLISH} for a batch of calls in one pipeline of EVALSHA; calls Redis answers with NOSCRIPT
 * did not run, and are sent again once the script is loaded, as {@link NoScriptRetry} says. Thread-safe: all state is
 * in the {@link UnifiedJedis} it is given.
 */
final class PublishScript {
    private static final Logger LOG = LoggerFactory.getLogger(PublishScript.class);

    private final UnifiedJedis redis;
    private final ReplicaWait replicas;

    PublishScript(UnifiedJedis redis, ReplicaAcks acks) {
        this.redis = redis;
        this.replicas = new ReplicaWait(acks);
    }

    /**
     * Publishes every call; returns, in call order, each event's id: its own, or for a repeated idempotency key the
     * id of the event first published with it.
     *
     * @throws ProducerException when Redis fails; some calls may have run
     */
    List<EventId> run(List<PublishCall> calls) {
        EventId[] ids = new EventId[calls.size()];
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
                throw new ProducerException(
                        "Redis kept answering NOSCRIPT for the publish script after "
                                + NoScriptRetry.MAX_LOADS + " loads; " + pending.size() + " of " + calls.size()
                                + " events were not published",
                        null);
            }
            LOG.info("Redis has no publish script cached (restarted or flushed?); loading it");
            load(calls.get(pending.getFirst()).streamKey());
        }
    }

    private List<Integer> runPipeline(List<PublishCall> calls, List<Integer> pending, EventId[] ids) {
        List<Response<Object>> responses = new ArrayList<>(pending.size());
        List<Response<Long>> waits;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i : pending) {
                PublishCall call = calls.get(i);
                responses.add(pipeline.evalsha(LuaScript.PUBLISH.sha1(), call.keys(), call.args()));
            }
            waits = replicas.add(
                    pipeline,
                    pending.stream().map(i -> calls.get(i).streamKey()).toList());
            pipeline.sync();
        } catch (JedisException e) {
            throw new ProducerException(
                    "Redis failed while publishing " + pending.size() + " events; some may be"
                            + " published, and publishing the same events again sends no endpoint a second message",
                    e);
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
            throw new ProducerException(
                    "Redis rejected the publish script for " + errors + " of " + pending.size()
                            + " events (the others are published): " + firstError.getMessage(),
                    firstError);
        }
        replicas.check(waits, pending.size() + " events");
        return noScript;
    }

    /** Loads the script on the node holding {@code sampleKey} (Jedis sends SCRIPT LOAD to every cluster node). */
    void load(String sampleKey) {
        try {
            redis.scriptLoad(LuaScript.PUBLISH.source(), sampleKey);
        } catch (JedisException e) {
            throw new ProducerException("Redis failed to load the publish script", e);
        }
    }

    /** Reads {@code {1, id}} (published) or {@code {0, existing id}} (the idempotency key was seen). */
    private static EventId storedId(Object reply, PublishCall call) {
        if (reply instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Long status) {
            Object id = list.get(1);
            String text =
                    id instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : id instanceof String s ? s : null;
            if (text != null) {
                if (status == 0) {
                    LOG.debug("event {} was published before as {}", call.id(), text);
                }
                return new EventId(text);
            }
        }
        throw new ProducerException(
                "publish script answered " + reply + " for event " + call.id() + "; expected {1, id} or {0, id}", null);
    }
}
