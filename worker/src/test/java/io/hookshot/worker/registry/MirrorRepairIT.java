package io.hookshot.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.client.codec.StringCodec;

/** The mirror rebuilt from PostgreSQL: after it was lost, when it is ahead of PostgreSQL, and by a worker. */
@ExtendWith(RealServers.class)
class MirrorRepairIT {

    @Test
    void aLostMirrorIsRewrittenAndTheMirrorsOfUnknownTenantsAreDeleted(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            TenantId other = new TenantId("globex-" + f.queue);
            TenantId emptied = new TenantId("initech-" + f.queue);
            TenantId unknown = new TenantId("unknown-" + f.queue);
            String type = "order.created." + f.queue;
            f.registry.eventTypes().create(type, "", Optional.empty());
            f.registry.endpoints().create(f.tenant, RegistryFixture.draft("http://127.0.0.1:9/a", type));
            f.registry.endpoints().create(f.tenant, RegistryFixture.draft("http://127.0.0.1:9/b"));
            f.registry.endpoints().create(other, RegistryFixture.draft("http://127.0.0.1:9/c"));
            var gone = f.registry.endpoints().create(emptied, RegistryFixture.draft("http://127.0.0.1:9/d"));
            f.registry.endpoints().delete(emptied, gone.endpoint().id());
            Map<String, String> acme = f.rawMirror(f.tenant);
            Map<String, String> globex = f.rawMirror(other);
            Map<String, String> types = f.mirroredEventTypes();

            f.redis
                    .getKeys()
                    .delete(
                            EventKeys.endpoints(f.queue, f.tenant),
                            EventKeys.endpoints(f.queue, other),
                            EventKeys.eventTypes(f.queue));
            f.redis
                    .getMap(EventKeys.endpoints(f.queue, unknown), StringCodec.INSTANCE)
                    .putAll(Map.of(EventKeys.VERSION_FIELD, "3", "ep_0", "{}"));
            f.redis
                    .getMap(EventKeys.endpoints(f.queue, emptied), StringCodec.INSTANCE)
                    .putAll(Map.of(
                            EventKeys.VERSION_FIELD, "1", gone.endpoint().id().value(), "{}"));
            assertThat(f.rawMirror(f.tenant)).isEmpty();

            MirrorRepair.Report report = f.registry.mirrorRepair().run();

            assertThat(f.rawMirror(f.tenant)).isEqualTo(acme).hasSize(3);
            assertThat(f.rawMirror(other)).isEqualTo(globex);
            assertThat(f.mirroredEventTypes()).isEqualTo(types).containsEntry(type, EventKeys.ACTIVE);
            assertThat(f.rawMirror(unknown))
                    .as("a tenant PostgreSQL does not know")
                    .isEmpty();
            assertThat(f.rawMirror(emptied))
                    .as("a tenant with no endpoint left: its version alone")
                    .containsOnlyKeys(EventKeys.VERSION_FIELD);
            assertThat(report.removed()).isEqualTo(1);
            assertThat(report.tenants()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aMirrorAheadOfPostgresIsBroughtBackToPostgresState(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers)) {
            var created = f.registry.endpoints().create(f.tenant, RegistryFixture.draft("http://127.0.0.1:9/a"));
            Map<String, String> expected = f.rawMirror(f.tenant);
            // as after PostgreSQL was restored from a backup older than the mirror
            f.redis
                    .getMap(EventKeys.endpoints(f.queue, f.tenant), StringCodec.INSTANCE)
                    .putAll(Map.of(EventKeys.VERSION_FIELD, "99", "ep_ghost", "{}"));

            f.registry.mirrorRepair().run();

            assertThat(f.rawMirror(f.tenant))
                    .isEqualTo(expected)
                    .containsKey(created.endpoint().id().value());
            assertThat(f.mirrorVersion(f.tenant)).isEqualTo(1);
        }
    }

    @Test
    void aWorkerRepairsTheMirrorAtStartAndThenPeriodically(TestServers servers) {
        try (RegistryFixture f = new RegistryFixture(servers);
                WorkerFixture queue = new WorkerFixture(servers, f.queue, WorkerFixture.DEFAULT_PARTITIONS)) {
            f.registry.endpoints().create(f.tenant, RegistryFixture.draft("http://127.0.0.1:9/a"));
            Map<String, String> expected = f.rawMirror(f.tenant);
            String key = EventKeys.endpoints(f.queue, f.tenant);
            f.redis.getKeys().delete(key);

            Worker worker = Worker.start(queue.config(Map.of(RegistryConfig.MIRROR_REPAIR_INTERVAL, "1s")));
            try {
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(f.rawMirror(f.tenant))
                                .as("repaired at start")
                                .isEqualTo(expected));
                f.redis.getKeys().delete(key);
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(f.rawMirror(f.tenant))
                                .as("repaired again")
                                .isEqualTo(expected));
            } finally {
                worker.close();
            }
        }
    }
}
