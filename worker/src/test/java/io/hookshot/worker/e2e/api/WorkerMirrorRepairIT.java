package io.hookshot.worker.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.TenantId;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.RegistryConfig;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** A worker repairs the registry's Redis mirror from PostgreSQL after it was lost: at its start, then periodically. */
@ExtendWith(RealServers.class)
class WorkerMirrorRepairIT {
    @Test
    void aLostMirrorIsWrittenAgainByTheWorkerAndAgainAfterItIsLostWhileTheWorkerRuns(TestServers servers) {
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        try (ApiFixture api = new ApiFixture(servers)) {
            ApiFixture.Response created =
                    api.post("/v1/tenants/repaired/endpoints", "{\"url\":\"http://127.0.0.1:9/hook\"}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.json().get("id").asText();
            var mirror = redis.<String, String>getMap(
                    EventKeys.endpoints(api.queue.queue, new TenantId("repaired")), StringCodec.INSTANCE);
            assertThat(mirror.readAllMap()).containsKey(id);
            mirror.delete();

            try (Worker worker = Worker.start(api.queue.config(Map.of(RegistryConfig.MIRROR_REPAIR_INTERVAL, "1s")))) {
                await().atMost(Duration.ofSeconds(15)).until(() -> mirror.containsKey(id));
                mirror.delete();
                await().atMost(Duration.ofSeconds(15)).until(() -> mirror.containsKey(id));
            }
        } finally {
            redis.shutdown();
        }
    }
}
