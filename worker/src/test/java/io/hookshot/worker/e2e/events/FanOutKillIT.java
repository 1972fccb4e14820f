package io.hookshot.worker.e2e.events;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.EventStream;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.Event;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.KilledWorkerSettings;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.EventHistory;
import io.hookshot.worker.store.EventView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * A worker process SIGKILLed while it fans out (events read and not yet acknowledged): another worker takes the events
 * over after the lease and fans them out again, which makes no second message: every endpoint gets each event's one
 * message id, once but for deliveries that were in flight, and the history has one row per message and per event.
 */
@ExtendWith(RealServers.class)
class FanOutKillIT {
    private static final int EVENTS_PER_WAVE = 1000;
    private static final int ENDPOINTS = 5;
    private static final int MAX_WAVES = 3;
    private static final TenantId TENANT = new TenantId("acme");

    @Test
    void aFanOutKilledHalfWayIsFinishedByAnotherWorkerWithoutASecondMessage(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            RedissonClient redis = RedissonClients.create(servers.redisUrl());
            mirror.activeTypes("order.placed");
            List<MirroredEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                endpoints.add(endpoint(TENANT.value(), receiver.url("/ep/" + i), Set.of(), Set.of(), newSecret()));
            }
            mirror.put(endpoints.toArray(MirroredEndpoint[]::new));
            List<EventId> events = new ArrayList<>();
            long storedAtKill = 0;
            int waves = 0;
            while (storedAtKill == 0 && waves < MAX_WAVES) {
                waves++;
                try (WorkerProcess doomed = new WorkerProcess(
                        "fanout-killed-" + waves, fixture.env(KilledWorkerSettings.named("doomed")))) {
                    // Started first, so that the freezes below land in its fan-out, not in its JVM's start.
                    doomed.awaitStarted(Duration.ofSeconds(60));
                    events.addAll(publish(fixture));
                    storedAtKill = killMidFanOut(doomed, () -> storedOfPending(redis, fixture, endpoints, receiver));
                }
                // An acknowledgement the worker wrote just before its freeze still reaches Redis from its socket's
                // buffer after the kill (CI saw 0 events pending then): the kill landed mid-fan-out only if events
                // are still pending once such bytes are in; otherwise another wave tries again.
                TimeUnit.MILLISECONDS.sleep(200);
                if (pending(redis, fixture) == 0) {
                    storedAtKill = 0;
                }
            }
            long pendingAtKill = pending(redis, fixture);
            System.err.printf(
                    "fan-out kill: %d waves of %d events; at the kill %d events were read and not"
                            + " acknowledged, with %d of their messages stored%n",
                    waves, EVENTS_PER_WAVE, pendingAtKill, storedAtKill);
            assertThat(storedAtKill)
                    .as("the kill landed mid-fan-out, messages of its batch stored")
                    .isPositive();
            assertThat(pendingAtKill).isPositive();

            Set<String> expected = new HashSet<>();
            events.forEach(e ->
                    endpoints.forEach(ep -> expected.add(e.messageIdFor(ep.id()).value())));
            Set<String> all = expected;
            Worker survivor = Worker.start(fixture.config(KilledWorkerSettings.named("survivor")));
            try {
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> receiver.delivered().containsAll(all));
                fixture.awaitFinal(all, Duration.ofSeconds(60));
                // While a worker runs: the event records the killed worker's exporter had read and not written are
                // taken over by the survivor's only after their lease.
                EventHistory history = new EventHistory(fixture.database, fixture.queue);
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(events)
                                .allSatisfy(e -> assertThat(history.find(e.value()))
                                        .map(EventView::endpoints)
                                        .contains(ENDPOINTS)));
            } finally {
                survivor.close();
            }
            redis.shutdown();

            assertThat(receiver.delivered())
                    .as("no message id but each event's one per endpoint")
                    .containsExactlyInAnyOrderElementsOf(all);
            long stalled = new QueueHistory(fixture)
                    .attempts().stream().filter(QueueHistory.Attempt::stalled).count();
            System.err.printf(
                    "  then: all %d messages delivered, %d duplicate requests, %d stalled leases%n",
                    all.size(), receiver.repeatedRequests(), stalled);
            assertThat(receiver.repeatedRequests())
                    .as("duplicates only of deliveries in flight at the kill")
                    .isLessThanOrEqualTo(stalled);
            assertThat(new QueueHistory(fixture).messageCount()).isEqualTo((long) all.size());
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }

    /**
     * Freezes the worker (SIGSTOP) now and then until it is caught mid-fan-out: events read and not acknowledged, some
     * of their messages stored. Then SIGKILL; returns how many were stored, 0 when it was not caught in 20 s.
     */
    private static long killMidFanOut(WorkerProcess doomed, java.util.function.LongSupplier stored)
            throws InterruptedException {
        long[] found = {0};
        try {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        doomed.pause();
                        found[0] = stored.getAsLong();
                        if (found[0] == 0) {
                            doomed.resume();
                        }
                        return found[0] > 0;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            found[0] = 0;
        }
        doomed.kill();
        return found[0];
    }

    /** Messages, stored in Redis or delivered already, of the events a consumer read and did not acknowledge. */
    private static long storedOfPending(
            RedissonClient redis, WorkerFixture fixture, List<MirroredEndpoint> endpoints, TestReceiver receiver) {
        RedisKeys keys = new RedisKeys(fixture.queue, EventKeys.partitionOf(TENANT, fixture.partitions));
        Map<StreamMessageId, Map<String, String>> pending;
        try {
            pending = redis.<String, String>getStream(keys.events(), StringCodec.INSTANCE)
                    .pendingRange(EventStream.GROUP, StreamMessageId.MIN, StreamMessageId.MAX, EVENTS_PER_WAVE);
        } catch (RedisException e) { // NOGROUP: the worker has not read the stream yet
            return 0;
        }
        Set<String> delivered = receiver.delivered();
        long stored = 0;
        RBatch exists = redis.createBatch();
        int asked = 0;
        for (Map<String, String> fields : pending.values()) {
            EventId event = new EventId(fields.get(EventStream.ID));
            for (MirroredEndpoint ep : endpoints) {
                String id = event.messageIdFor(ep.id()).value();
                RedisKeys at = new RedisKeys(
                        fixture.queue, Endpoints.partitionOf(ep.id().value(), fixture.partitions));
                if (delivered.contains(id)) {
                    stored++;
                } else {
                    exists.getBucket(at.job(id)).isExistsAsync();
                    asked++;
                }
            }
        }
        // One round trip, so that the frozen worker's freezes stay short.
        for (Object found : asked == 0 ? List.of() : exists.execute().getResponses()) {
            stored += Boolean.TRUE.equals(found) ? 1 : 0;
        }
        return stored;
    }

    private static List<EventId> publish(WorkerFixture fixture) {
        List<Event> wave = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_WAVE; i++) {
            wave.add(Event.builder("order.placed")
                    .tenant(TENANT.value())
                    .payload("{\"i\":" + i + "}")
                    .build());
        }
        return fixture.producer.publishAll(wave);
    }

    /** Events read by a consumer of the fan-out group and not acknowledged. */
    private static long pending(RedissonClient redis, WorkerFixture fixture) {
        RedisKeys keys = new RedisKeys(fixture.queue, EventKeys.partitionOf(TENANT, fixture.partitions));
        return redis.getStream(keys.events(), StringCodec.INSTANCE)
                .getPendingInfo(EventStream.GROUP)
                .getTotal();
    }
}
