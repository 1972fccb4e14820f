package io.hookshot.worker.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.LuaScript;
import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EndpointMirrorCodec;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.PublishCall;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import io.hookshot.testing.BareEndpoint;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.queue.ScriptRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/**
 * The scripts of fan-out run twice, as after a crash or a re-sent call: the second run stores and records nothing,
 * even once the first run's message was delivered and left Redis.
 */
@ExtendWith(RealServers.class)
class FanOutScriptsIT {
    private static final int PARTITIONS = 4;
    private static final TenantId ACME = new TenantId("acme");

    private RedissonClient redis;
    private ScriptRunner scripts;
    private String queue;

    @BeforeEach
    void connect(TestServers servers) {
        redis = RedissonClients.create(servers.redisUrl());
        scripts = new ScriptRunner(redis);
        scripts.loadAll();
        queue = TestServers.newQueue();
    }

    @AfterEach
    void close() {
        redis.shutdown();
    }

    private static PublishedEvent event() {
        return new PublishedEvent(
                EventIdFor.next(), ACME, new EventTypeName("a.b"), "{}", List.of(), Optional.empty(), Instant.now());
    }

    private void publish(PublishCall call) {
        scripts.run(new ScriptRunner.Call(
                LuaScript.PUBLISH,
                RScript.ReturnType.LIST,
                List.copyOf(call.keys()),
                call.args().toArray()));
    }

    private static final class EventIdFor {
        private static int n;

        static synchronized EventId next() {
            return new EventId("evt_t" + (++n));
        }
    }

    @Test
    void aFanOutMessageDeliveredAndGoneIsNotStoredAgainByASecondRun() {
        MirroredEndpoint ep = BareEndpoint.of("ep_1", ACME, "https://a.example/");
        Job job = FanOutPlan.messages(event(), List.of(ep), Instant.now()).getFirst();
        int p = Endpoints.partitionOf(job.endpointKey(), PARTITIONS);
        RedisKeys keys = new RedisKeys(queue, p);
        EnqueueLayout layout = new EnqueueLayout(keys, FanOutSettings.PENDING_DEDUPE);

        List<?> first = scripts.run(ScriptRunner.Call.of(layout.call(job, Duration.ZERO)));
        // Delivered: the job leaves Redis (what settle does for a delivered job).
        redis.getKeys().delete(keys.job(job.id().value()), keys.ready(job.endpointKey()));
        List<Object> again = scripts.run(ScriptRunner.Call.of(layout.call(job, Duration.ZERO)));

        assertThat(first.getFirst()).isEqualTo(1L);
        assertThat(again).containsExactly(0L, job.id().value());
        assertThat(redis.getKeys().countExists(keys.job(job.id().value()))).isZero();
        assertThat(redis.getStream(keys.outbox(), StringCodec.INSTANCE).size())
                .as("one accepted record")
                .isEqualTo(1);
    }

    @Test
    void recordingAnEventTwiceRecordsAndAcknowledgesItOnce() {
        PublishedEvent event = event();
        PublishCall publish = PublishCall.of(queue, PARTITIONS, event, Duration.ofMinutes(1));
        publish(publish);
        int p = EventKeys.partitionOf(ACME, PARTITIONS);
        EventsStream stream = new EventsStream(redis, queue, PARTITIONS);
        stream.events().create(p);
        StreamedEvent read = stream.events().readNew(p, "w1", 10).getFirst();

        List<String> endpoints = List.of("ep_a", "ep_b", "ep_c");
        Long first = scripts.run(
                FannedCall.of(stream.keys(p), read.entryId(), event.id().value(), endpoints));
        Long again = scripts.run(
                FannedCall.of(stream.keys(p), read.entryId(), event.id().value(), endpoints));

        assertThat(first).isEqualTo(1L);
        assertThat(again).isZero();
        var outbox = redis.<String, String>getStream(stream.keys(p).outbox(), StringCodec.INSTANCE);
        assertThat(outbox.size()).isEqualTo(1);
        Map<String, String> record = outbox.range(StreamMessageId.MIN, StreamMessageId.MAX)
                .values()
                .iterator()
                .next();
        assertThat(record)
                .containsEntry(Outbox.TYPE, Outbox.EVENT)
                .containsEntry(Outbox.ID, event.id().value())
                .containsEntry(Outbox.ENDPOINTS, "3");
        assertThat(redis.getStream(stream.keys(p).events(), StringCodec.INSTANCE)
                        .size())
                .as("deleted")
                .isZero();
        assertThat(stream.events().readPending(p, "w1", 10)).isEmpty();
    }

    @Test
    void aBatchFannedOutLeavesItsIdempotencyKeysForOneClaimIdleOnly() {
        FanOutSettings settings =
                new FanOutSettings(queue, PARTITIONS, "w1", Duration.ofSeconds(30), Duration.ofMillis(100), 10);
        EventsStream stream = new EventsStream(redis, queue, PARTITIONS);
        PublishedEvent event = event();
        PublishCall publish = PublishCall.of(queue, PARTITIONS, event, Duration.ofMinutes(1));
        publish(publish);
        MirroredEndpoint ep = BareEndpoint.of("ep_9", ACME, "https://a.example/");
        redis.getMap(EventKeys.endpoints(queue, ACME), StringCodec.INSTANCE)
                .putAll(Map.of("ep_9", EndpointMirrorCodec.encode(ep), "version", "1"));
        int p = EventKeys.partitionOf(ACME, PARTITIONS);
        stream.events().create(p);

        EventFanner.Result result = new EventFanner(redis, settings, stream, Clock.systemUTC())
                .fanOut(stream.events().readNew(p, "w1", 10));

        assertThat(result).isEqualTo(new EventFanner.Result(1, 1));
        int mp = Endpoints.partitionOf("ep_9", PARTITIONS);
        long ttl = redis.getBucket(
                        new RedisKeys(queue, mp).idempotency("ep_9", event.id().value()))
                .remainTimeToLive();
        assertThat(ttl).isPositive().isLessThanOrEqualTo(settings.claimIdle().toMillis());
    }
}
