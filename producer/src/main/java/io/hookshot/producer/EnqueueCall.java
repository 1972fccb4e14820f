package io.hookshot.producer;

import io.hookshot.common.Endpoints;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The KEYS and ARGV of one run of the {@code enqueue} script for one validated message, laid out exactly as
 * {@code enqueue.lua}'s header documents them. Immutable.
 *
 * @param id   the message id the call enqueues
 * @param keys KEYS[1..7]
 * @param args ARGV[1..11]
 */
record EnqueueCall(MessageId id, List<String> keys, List<String> args) {

    EnqueueCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }

    /** The call for {@code message}, which must have passed {@link MessageValidator}. */
    static EnqueueCall of(Message message, ProducerConfig config, Instant createdAt) {
        URI url = URI.create(message.url());
        Job job = new Job(message.id(), url, message.headers(), message.payloadBytes(), message.contentType(),
                message.retrySchedule(), message.idempotencyKey(), message.signingSecrets(), createdAt);
        String endpoint = Endpoints.keyOf(url);
        RedisKeys keys = new RedisKeys(config.queue(), Endpoints.partitionOf(endpoint, config.partitions()));
        String id = message.id().value();
        String idempotencyKey = message.idempotencyKey().orElse("");
        return new EnqueueCall(message.id(),
                List.of(keys.job(id), keys.ready(endpoint), keys.ring(), keys.ringSet(), keys.delayed(),
                        keys.outbox(), keys.idempotency(endpoint, idempotencyKey)),
                List.of(id, endpoint, JobCodec.encode(job),
                        message.delay().map(d -> Long.toString(d.toMillis())).orElse("0"),
                        message.dueAt().map(t -> Long.toString(t.toEpochMilli())).orElse(""),
                        idempotencyKey,
                        Long.toString(config.idempotencyWindow().toMillis()),
                        url.toString(),
                        Long.toString(createdAt.toEpochMilli()),
                        keys.prefix(),
                        RedisKeys.wakeChannel(config.queue())));
    }

    /** KEYS[1], the job hash: names the partition, for routing a script load to the right node. */
    String jobKey() {
        return keys.get(0);
    }
}
