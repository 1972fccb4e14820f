package io.hookshot.worker.e2e.await;

import io.hookshot.testing.RealClusterServers;
import io.hookshot.testing.TestRedisCluster;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AwaitScenarios}, unchanged, on a Redis Cluster of three masters: the outcome records in their jobs'
 * partitions, the notifications published from every master to the producer's one subscription.
 */
@ExtendWith(RealClusterServers.class)
class ClusterAwaitOutcomeIT extends AwaitScenarios {

    private final TestRedisCluster cluster;

    ClusterAwaitOutcomeIT(TestRedisCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    WorkerFixture newFixture(TestServers servers) {
        return WorkerFixture.onCluster(servers, cluster);
    }
}
