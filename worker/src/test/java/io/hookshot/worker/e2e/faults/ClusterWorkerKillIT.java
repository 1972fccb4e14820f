package io.hookshot.worker.e2e.faults;

import io.hookshot.testing.RealClusterServers;
import io.hookshot.testing.TestRedisCluster;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.ReceiversOnEveryMaster;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link WorkerKillScenario}, unchanged, on a Redis Cluster of three masters: the messages go to one receiver per
 * master, so the killed worker held leases in partitions on several masters, and the reaper, the survivor and the
 * invariant check work across all of them.
 */
@ExtendWith(RealClusterServers.class)
class ClusterWorkerKillIT {

    @Test
    void jobsOfAKilledWorkerAreDeliveredByAnotherAfterTheLease(TestServers servers, TestRedisCluster cluster)
            throws Exception {
        try (WorkerFixture fixture = WorkerFixture.onCluster(servers, cluster);
                ReceiversOnEveryMaster receivers =
                        new ReceiversOnEveryMaster(cluster, fixture, WorkerKillScenario::slowReceiver)) {
            WorkerKillScenario.jobsOfAKilledWorkerAreDeliveredByAnotherAfterTheLease(fixture, receivers.receivers());
            receivers.assertTrafficWentThroughEveryMaster();
        }
    }
}
