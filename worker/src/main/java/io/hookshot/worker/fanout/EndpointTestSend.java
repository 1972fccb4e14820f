package io.hookshot.worker.fanout;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.worker.queue.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.redisson.api.RedissonClient;

/**
 * Sends an example event to one endpoint alone, whatever it subscribes to: one message, made as fan-out makes it
 * (its id from the example event's id and the endpoint's, its secrets, its headers, its queue lane), enqueued
 * directly, with no events stream and no event row in the history (the message's row names the example event).
 * Thread-safe.
 */
public final class EndpointTestSend {
    /** What was sent: the example event's id and its one message's. */
    public record Sent(EventId eventId, MessageId messageId) {}

    private final String queue;
    private final int partitions;
    private final ScriptRunner scripts;
    private final Clock clock;

    public EndpointTestSend(RedissonClient redis, String queue, int partitions, Clock clock) {
        this.queue = queue;
        this.partitions = partitions;
        this.scripts = new ScriptRunner(redis);
        this.clock = clock;
    }

    /** Enqueues the example event of {@code type} to {@code endpoint}; the caller checks that it may receive one. */
    public Sent send(MirroredEndpoint endpoint, EventTypeName type) {
        Instant now = clock.instant();
        EventId id = new EventId(
                EventId.PREFIX + "test_" + UUID.randomUUID().toString().replace("-", ""));
        String payload = "{\"type\":\"" + type.value() + "\",\"test\":true,\"sentAt\":\"" + now + "\"}";
        PublishedEvent event =
                new PublishedEvent(id, endpoint.tenant(), type, payload, List.of(), Optional.empty(), now);
        Job job = FanOutPlan.message(event, endpoint, now);
        int p = Endpoints.partitionOf(job.endpointKey(), partitions);
        EnqueueLayout layout = new EnqueueLayout(new RedisKeys(queue, p), FanOutSettings.PENDING_DEDUPE);
        scripts.run(ScriptRunner.Call.of(layout.call(job, Duration.ZERO)));
        return new Sent(id, job.id());
    }
}
