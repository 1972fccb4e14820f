package io.hookshot.worker.e2e.faults;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker JVM killed with SIGKILL mid-delivery loses nothing: another worker delivers its jobs after the lease. */
@ExtendWith(RealServers.class)
class WorkerKillIT {

    @Test
    void jobsOfAKilledWorkerAreDeliveredByAnotherAfterTheLease(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = WorkerKillScenario.slowReceiver()) {
            WorkerKillScenario.jobsOfAKilledWorkerAreDeliveredByAnotherAfterTheLease(fixture, List.of(receiver));
        }
    }
}
