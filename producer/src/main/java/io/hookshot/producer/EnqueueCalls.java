package io.hookshot.producer;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueCall;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.RedisKeys;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes the {@link EnqueueCall} of each message a producer sends, through the {@link EnqueueLayout} of the message's
 * partition (made once per partition). Immutable and thread-safe.
 */
final class EnqueueCalls {
    private final EnqueueLayout[] byPartition;

    EnqueueCalls(ProducerConfig config) {
        this.byPartition = new EnqueueLayout[config.partitions()];
        for (int p = 0; p < byPartition.length; p++) {
            byPartition[p] = new EnqueueLayout(new RedisKeys(config.queue(), p), config.idempotencyWindow());
        }
    }

    /**
     * The call for {@code message}, which must have passed {@link MessageValidator}; {@code url} is its URL as the
     * validator parsed it (parsing it again cost as much as the rest of this method).
     */
    EnqueueCall of(Message message, URI url, Instant createdAt) {
        Job job = new Job(message.id(), url, message.headers(), message.payloadBytes(), message.contentType(),
                message.retrySchedule(), message.idempotencyKey(), message.signingSecrets(), createdAt);
        String endpoint = Endpoints.keyOf(url);
        return byPartition[Endpoints.partitionOf(endpoint, byPartition.length)].call(job, endpoint,
                JobCodec.encode(job), message.delay().orElse(Duration.ZERO), message.dueAt());
    }
}
