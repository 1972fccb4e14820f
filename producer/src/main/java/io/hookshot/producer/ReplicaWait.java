package io.hookshot.producer;

import io.hookshot.common.Durations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Makes a pipeline of enqueue (or publish) calls wait for replicas, as {@link ReplicaAcks} asks: a {@code WAIT} after
 * the calls on the connection that sent them (one for a single server or a sentinel-watched master; one per hash tag
 * written for a cluster, whose pipeline holds a connection per master), then a check of the answers. Thread-safe
 * (stateless).
 */
final class ReplicaWait {
    private final ReplicaAcks acks;

    ReplicaWait(ReplicaAcks acks) {
        this.acks = acks;
    }

    /** Adds the WAITs after the calls already in {@code pipeline}, which wrote the keys {@code routingKeys} name. */
    List<Response<Long>> add(AbstractPipeline pipeline, Collection<String> routingKeys) {
        if (!acks.waits() || routingKeys.isEmpty()) {
            return List.of();
        }
        long timeoutMs = acks.timeout().toMillis();
        if (pipeline instanceof Pipeline single) {
            return List.of(single.waitReplicas(acks.replicas(), timeoutMs));
        }
        List<Response<Long>> waits = new ArrayList<>();
        for (String key : new LinkedHashSet<>(routingKeys)) {
            waits.add(pipeline.waitReplicas(key, acks.replicas(), timeoutMs));
        }
        return waits;
    }

    /**
     * Throws when a WAIT saw fewer replicas than asked for; {@code what} names what was written, like "3 messages".
     *
     * @throws ProducerException saying the writes are on the master only, and that sending them again is safe
     */
    void check(List<Response<Long>> waits, String what) {
        for (Response<Long> wait : waits) {
            long acknowledged = wait.get();
            if (acknowledged < acks.replicas()) {
                throw new ProducerException(
                        "the Redis master has the " + what + ", but only " + acknowledged + " of the "
                                + acks.replicas() + " replicas " + ProducerConfig.ENV_ENQUEUE_REPLICAS
                                + " asks for acknowledged them within " + Durations.format(acks.timeout())
                                + ": a failover now could lose them; sending the same ones again is safe",
                        null);
            }
        }
    }
}
