package io.hookshot.worker.e2e.events;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import io.hookshot.testing.RealClusterServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestRedisCluster;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.EventHistory;
import io.hookshot.worker.store.EventView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.HostAndPort;

/**
 * Publishing and fan-out on a Redis Cluster of three masters: the events stream in one slot, the mirror and the
 * catalogue in others, and each endpoint's messages in its own partition, on every master.
 */
@ExtendWith(RealClusterServers.class)
class ClusterFanOutIT {
    private static final int EVENTS = 10;

    @Test
    void eachEndpointsMessagesGoToItsOwnPartitionOnEveryMaster(TestServers servers, TestRedisCluster cluster) {
        try (WorkerFixture fixture = WorkerFixture.onCluster(servers, cluster);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            mirror.activeTypes("order.placed");
            List<MirroredEndpoint> endpoints = new ArrayList<>();
            Set<HostAndPort> masters = new HashSet<>();
            while (!masters.equals(new HashSet<>(cluster.masters())) && endpoints.size() < 100) {
                MirroredEndpoint e =
                        endpoint("shop", receiver.url("/ep/" + endpoints.size()), Set.of(), Set.of(), newSecret());
                endpoints.add(e);
                masters.add(cluster.masterOf(
                        new RedisKeys(fixture.queue, Endpoints.partitionOf(e.id().value(), fixture.partitions))
                                .prefix()));
            }
            mirror.put(endpoints.toArray(MirroredEndpoint[]::new));
            Worker worker = Worker.start(fixture.config(Map.of()));
            try {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    events.add(Event.builder("order.placed")
                            .tenant("shop")
                            .payload("{\"i\":" + i + "}")
                            .build());
                }
                List<EventId> ids = fixture.producer.publishAll(events);
                Set<String> expected = new HashSet<>();
                ids.forEach(e -> endpoints.forEach(
                        ep -> expected.add(e.messageIdFor(ep.id()).value())));

                await().atMost(Duration.ofSeconds(30))
                        .until(() -> receiver.delivered().equals(expected));
                fixture.awaitFinal(expected, Duration.ofSeconds(30));
                EventHistory history = new EventHistory(fixture.database, fixture.queue);
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(ids)
                                .allSatisfy(e -> assertThat(history.find(e.value()))
                                        .map(EventView::endpoints)
                                        .contains(endpoints.size())));
                assertThat(masters).as("the endpoints' partitions").hasSize(TestRedisCluster.MASTERS);
                assertThat(receiver.repeatedRequests()).isZero();
            } finally {
                worker.close();
            }
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }
}
