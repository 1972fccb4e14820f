package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;

/**
 * A claim that ran in Redis but whose reply never reached the worker (every reply held past Redisson's response
 * timeout, its re-sends included) does not strand the jobs it leased: the next claim gets them, as the same attempt,
 * instead of leaving them to expire and be counted as a stalled attempt.
 */
@ExtendWith(RealServers.class)
class ClaimReplyLostIT {
    /** Longer than Redisson's 3 s response timeout, so the claim and each of its re-sends time out. */
    private static final Duration REPLY_DELAY = Duration.ofMillis(3500);

    @Test
    void theClaimAfterALostReplyReturnsTheJobsThatClaimLeased(TestServers servers) {
        URI target = URI.create(servers.redisUrl());
        String name = TestServers.newQueue();
        QueueSettings settings = new QueueSettings(name, 1, Duration.ofSeconds(60), 2, 1, 100, 100);
        RedissonClient direct = RedissonClients.create(servers.redisUrl());
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
            RedissonClient proxied = RedissonClients.create("redis://127.0.0.1:" + proxy.port());
            try {
                RedisJobQueue queue = new RedisJobQueue(proxied, settings);
                assertThat(queue.claim(0, 10).jobs()).as("nothing queued yet").isEmpty();
                new ScriptEnqueuer(direct, name, 1).enqueue("m1", "http://127.0.0.1:9001/a", Duration.ZERO);

                proxy.delay(TcpProxy.Direction.TO_CLIENT, REPLY_DELAY);
                assertThatThrownBy(() -> queue.claim(0, 10)).as("the claim's replies all came too late");
                assertThat(new QueueInspector(direct, settings).check().active())
                        .as("yet Redis ran the claim and leased the job")
                        .isEqualTo(1);
                proxy.delay(TcpProxy.Direction.TO_CLIENT, Duration.ZERO);

                AtomicReference<List<ClaimedJob>> claimed = new AtomicReference<>(List.of());
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    claimed.set(queue.claim(0, 10).jobs());
                    return !claimed.get().isEmpty();
                });
                assertThat(claimed.get()).singleElement().satisfies(job -> {
                    assertThat(job.id()).isEqualTo("m1");
                    assertThat(job.attempt())
                            .as("the same attempt, not a second one")
                            .isEqualTo(1);
                });
                assertThat(queue.claim(0, 10).jobs())
                        .as("and the next claim is a new one")
                        .isEmpty();
                assertThat(new QueueInspector(direct, settings).check().violations())
                        .isEmpty();
            } finally {
                proxied.shutdown();
            }
        } finally {
            direct.shutdown();
        }
    }
}
