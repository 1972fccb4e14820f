package io.hookshot.worker.e2e.delivery;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DeliveryScenarios} on one Redis server. */
@ExtendWith(RealServers.class)
class DeliveryIT extends DeliveryScenarios {
    @Override
    WorkerFixture newFixture(TestServers servers) {
        return new WorkerFixture(servers);
    }
}
