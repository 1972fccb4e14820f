package io.hookshot.producer;

import io.hookshot.common.Endpoints;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.RedisKeys;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Makes the {@link EnqueueCall} of each message a producer sends. What depends only on the configuration (the key
 * names of every partition, the wake channel, the idempotency window) is worked out once, here, rather than for
 * every message: that work was a visible share of the producer's CPU per message. Immutable and thread-safe.
 */
final class EnqueueCalls {
    private final int partitions;
    private final PartitionKeys[] byPartition;
    private final String wakeChannel;
    private final String idempotencyWindowMillis;

    EnqueueCalls(ProducerConfig config) {
        this.partitions = config.partitions();
        this.byPartition = new PartitionKeys[partitions];
        for (int p = 0; p < partitions; p++) {
            byPartition[p] = PartitionKeys.of(new RedisKeys(config.queue(), p));
        }
        this.wakeChannel = RedisKeys.wakeChannel(config.queue());
        this.idempotencyWindowMillis = Long.toString(config.idempotencyWindow().toMillis());
    }

    /**
     * The call for {@code message}, which must have passed {@link MessageValidator}; {@code url} is its URL as the
     * validator parsed it (parsing it again cost as much as the rest of this method).
     */
    EnqueueCall of(Message message, URI url, Instant createdAt) {
        Job job = new Job(message.id(), url, message.headers(), message.payloadBytes(), message.contentType(),
                message.retrySchedule(), message.idempotencyKey(), message.signingSecrets(), createdAt);
        String endpoint = Endpoints.keyOf(url);
        PartitionKeys p = byPartition[Endpoints.partitionOf(endpoint, partitions)];
        String id = message.id().value();
        String idempotencyKey = message.idempotencyKey().orElse("");
        return new EnqueueCall(message.id(),
                List.of(p.keys().job(id), p.keys().ready(endpoint), p.ring(), p.ringSet(), p.delayed(),
                        p.outbox(), p.keys().idempotency(endpoint, idempotencyKey)),
                List.of(id, endpoint, JobCodec.encode(job),
                        message.delay().map(d -> Long.toString(d.toMillis())).orElse("0"),
                        message.dueAt().map(t -> Long.toString(t.toEpochMilli())).orElse(""),
                        idempotencyKey,
                        idempotencyWindowMillis,
                        url.toString(),
                        Long.toString(createdAt.toEpochMilli()),
                        p.prefix(),
                        wakeChannel));
    }

    /** The key names of one partition that are the same in every call to it. */
    private record PartitionKeys(RedisKeys keys, String prefix, String ring, String ringSet, String delayed,
                                 String outbox) {
        static PartitionKeys of(RedisKeys keys) {
            return new PartitionKeys(keys, keys.prefix(), keys.ring(), keys.ringSet(), keys.delayed(),
                    keys.outbox());
        }
    }
}
