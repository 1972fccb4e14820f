package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.RedisKeys;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealClusterServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestRedisCluster;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.ReceiversOnEveryMaster;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.HostAndPort;

/**
 * {@link DeliveryScenarios}, unchanged, on a Redis Cluster of three masters, with each queue's partitions spread over
 * all of them; and a delivery whose traffic goes through partitions on every master.
 */
@ExtendWith(RealClusterServers.class)
class ClusterDeliveryIT extends DeliveryScenarios {

    private final TestRedisCluster cluster;

    ClusterDeliveryIT(TestRedisCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    WorkerFixture newFixture(TestServers servers) {
        return WorkerFixture.onCluster(servers, cluster);
    }

    @Test
    void theQueuesPartitionsAreSpreadOverEveryMaster() {
        Set<HostAndPort> masters = new HashSet<>();
        for (int p = 0; p < fixture.partitions; p++) {
            masters.add(cluster.masterOf(new RedisKeys(fixture.queue, p).prefix()));
        }

        assertThat(masters)
                .containsExactlyInAnyOrderElementsOf(cluster.masters())
                .hasSize(TestRedisCluster.MASTERS);
    }

    @Test
    void deliversThroughPartitionsOnEveryMaster() {
        try (ReceiversOnEveryMaster receivers = new ReceiversOnEveryMaster(cluster, fixture, TestReceiver::alwaysOk)) {
            startWorker();
            List<String> ids = new ArrayList<>();
            for (TestReceiver r : receivers.receivers()) {
                for (int i = 0; i < 10; i++) {
                    ids.add(fixture.producer
                            .send(Message.builder(r.url("/hooks/" + i))
                                    .payload("{\"n\":" + i + "}")
                                    .build())
                            .value());
                }
            }

            fixture.awaitFinal(ids, Duration.ofSeconds(20));

            assertThat(fixture.countWithStatus(ids, MessageStatus.DELIVERED)).isEqualTo(ids.size());
            for (TestReceiver r : receivers.receivers()) {
                assertThat(r.delivered()).hasSize(10);
            }
            receivers.assertTrafficWentThroughEveryMaster();
        }
    }
}
