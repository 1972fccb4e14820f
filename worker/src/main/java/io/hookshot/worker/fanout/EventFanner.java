package io.hookshot.worker.fanout;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.events.EventCodec;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.queue.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans out one batch of events read from the events streams:
 * <ol>
 *   <li>Decode each event. One that cannot be decoded is logged and recorded as fanned out to no endpoint, so it
 *       never blocks its stream.</li>
 *   <li>Read the endpoints of the batch's tenants from the mirror ({@link EndpointMirror}: one round trip, and one
 *       more for tenants whose mirror changed).</li>
 *   <li>Enqueue every message of every event ({@link FanOutPlan}) with the {@code enqueue} script, each in its
 *       endpoint's partition (a partition's messages in calls of up to {@link EnqueueLayout#MAX_JOBS_PER_CALL}), in one
 *       pipelined round trip. A message already stored (this fan-out ran before and
 *       died) is not stored again.</li>
 *   <li>Only then, per event, the {@code fanned} script: the {@code event} record for the history in the event's
 *       partition's outbox, the acknowledgement and the deletion from the stream, together. A crash before it leaves
 *       the event pending, to be fanned out again, which stores nothing new.</li>
 *   <li>Cut the messages' idempotency keys to {@link FanOutSettings#claimIdle()}: needed only while the event
 *       could still be read again.</li>
 * </ol>
 * Thread-safe, but meant for the one fan-out thread.
 */
final class EventFanner {
    private static final Logger LOG = LoggerFactory.getLogger(EventFanner.class);

    /** What one batch did: events recorded (by this call) and messages it asked the queue to store. */
    record Result(int events, int messages) {}

    private final RedissonClient redis;
    private final FanOutSettings settings;
    private final EventsStream stream;
    private final ScriptRunner scripts;
    private final EndpointMirror mirror;
    private final EnqueueLayout[] layouts;
    private final Clock clock;

    EventFanner(RedissonClient redis, FanOutSettings settings, EventsStream stream, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.stream = stream;
        this.scripts = new ScriptRunner(redis);
        this.mirror = new EndpointMirror(redis, settings.queue());
        this.clock = clock;
        this.layouts = new EnqueueLayout[settings.partitions()];
        for (int p = 0; p < layouts.length; p++) {
            layouts[p] = new EnqueueLayout(stream.keys(p), FanOutSettings.PENDING_DEDUPE);
        }
    }

    Result fanOut(List<StreamedEvent> batch) {
        List<PublishedEvent> events = new ArrayList<>(batch.size());
        for (StreamedEvent entry : batch) {
            events.add(decode(entry));
        }
        Set<TenantId> tenants = events.stream()
                .filter(e -> e != null)
                .map(PublishedEvent::tenant)
                .collect(Collectors.toSet());
        Map<TenantId, List<MirroredEndpoint>> endpoints = mirror.endpointsOf(tenants);
        Map<Integer, EnqueueLayout.Calls> byPartition = new TreeMap<>();
        List<String> idempotencyKeys = new ArrayList<>();
        List<ScriptRunner.Call> recordings = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PublishedEvent event = events.get(i);
            List<Job> jobs = event == null
                    ? List.of()
                    : FanOutPlan.messages(event, endpoints.getOrDefault(event.tenant(), List.of()), clock.instant());
            StreamedEvent entry = batch.get(i);
            for (Job job : jobs) {
                int p = Endpoints.partitionOf(job.endpointKey(), layouts.length);
                byPartition
                        .computeIfAbsent(p, k -> layouts[k].calls())
                        .add(
                                job,
                                job.endpointKey(),
                                JobCodec.encode(job),
                                Duration.ZERO,
                                Optional.empty(),
                                entry.outcome());
                idempotencyKeys.add(stream.keys(p)
                        .idempotency(job.endpointKey(), job.idempotencyKey().orElseThrow()));
            }
            recordings.add(FannedCall.of(
                    stream.keys(entry.partition()),
                    entry.entryId(),
                    event == null ? null : event.id().value(),
                    jobs.stream().map(Job::endpointKey).toList()));
            if (event != null) {
                LOG.debug(
                        "event {} of tenant {} ({}): {} endpoints",
                        event.id(),
                        event.tenant(),
                        event.type(),
                        jobs.size());
            }
        }
        // A partition's messages in calls of up to EnqueueLayout.MAX_JOBS_PER_CALL, as sendAll stores them.
        List<ScriptRunner.Call> enqueues = byPartition.values().stream()
                .flatMap(calls -> calls.build().stream())
                .map(ScriptRunner.Call::of)
                .toList();
        if (!enqueues.isEmpty()) {
            scripts.runBatch(enqueues);
        }
        int recorded = 0;
        for (Object done : scripts.runBatch(recordings)) {
            recorded += ((Number) done).intValue();
        }
        shorten(idempotencyKeys);
        return new Result(recorded, idempotencyKeys.size());
    }

    private static PublishedEvent decode(StreamedEvent entry) {
        if (entry.data() == null) {
            LOG.error(
                    "event stream entry {} of partition {} has no event; recorded as fanned out to no endpoint",
                    entry.entryId(),
                    entry.partition());
            return null;
        }
        try {
            return EventCodec.decode(entry.data());
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "event stream entry {} of partition {} cannot be decoded, recorded as fanned out to no"
                            + " endpoint: {}",
                    entry.entryId(),
                    entry.partition(),
                    e.getMessage());
            return null;
        }
    }

    /** Best effort: a key left at its full window only costs memory until it expires. */
    private void shorten(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            // One PEXPIRE per key, pipelined (RBucket's expire would be a script call per key).
            redis.getKeys().expire(settings.claimIdle(), keys.toArray(String[]::new));
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not shorten {} fan-out idempotency keys; they expire after {}: {}",
                    keys.size(),
                    FanOutSettings.PENDING_DEDUPE,
                    e.toString());
        }
    }
}
