package io.hookshot.producer;

import io.hookshot.common.LuaScript;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.PublishCall;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs {@link LuaScript#PUBLISH} for a batch of calls in one pipeline of EVALSHA, sending again after a load the calls
 * Redis answers with NOSCRIPT ({@link ScriptPipeline}), and reads each event's id. Thread-safe: all state is in the
 * {@link UnifiedJedis} it is given.
 */
final class PublishScript {
    private static final Logger LOG = LoggerFactory.getLogger(PublishScript.class);

    private final ScriptPipeline pipeline;

    PublishScript(UnifiedJedis redis, ReplicaAcks acks) {
        this.pipeline = new ScriptPipeline(
                redis,
                LuaScript.PUBLISH,
                acks,
                new ScriptPipeline.Wording(
                        "events",
                        "publishing",
                        "published",
                        "publishing the same events again sends no endpoint a second message"));
    }

    /**
     * Publishes every call; returns, in call order, each event's id: its own, or for a repeated idempotency key the
     * id of the event first published with it.
     *
     * @throws ProducerException when Redis fails; some calls may have run
     */
    List<EventId> run(List<PublishCall> calls) {
        EventId[] ids = new EventId[calls.size()];
        pipeline.run(
                calls.stream()
                        .map(c -> new ScriptPipeline.Call(c.keys(), c.args(), c.streamKey(), 1))
                        .toList(),
                (i, reply, refusals) -> ids[i] = storedId(reply, calls.get(i)));
        return Arrays.asList(ids);
    }

    /** Loads the script on the node holding {@code sampleKey} (Jedis sends SCRIPT LOAD to every cluster node). */
    void load(String sampleKey) {
        pipeline.load(sampleKey);
    }

    /** Reads {@code {1, id}} (published) or {@code {0, existing id}} (the idempotency key was seen). */
    private static EventId storedId(Object reply, PublishCall call) {
        if (reply instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Long status) {
            String text = ScriptPipeline.text(list.get(1));
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
