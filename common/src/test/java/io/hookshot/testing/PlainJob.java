package io.hookshot.testing;

import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as a producer sends one without options: no headers, the default content type, the queue's retry schedule, no
 * idempotency key, no secrets of its own, created now.
 */
public final class PlainJob {
    private PlainJob() {}

    public static Job of(String id, String url, String payloadJson) {
        return new Job(
                new MessageId(id),
                URI.create(url),
                Map.of(),
                payloadJson.getBytes(StandardCharsets.UTF_8),
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.now());
    }
}
