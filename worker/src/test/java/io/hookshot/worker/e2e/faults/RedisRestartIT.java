package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.RestartableRedis;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis SIGKILLed under load and started again on the same port and append-only file: every send the producer got
 * an id for is delivered; sends that failed meanwhile go through once the producer's own loop sends them again; the
 * two worker JVMs and the producer reconnect by themselves, and find Redis's script cache empty (NOSCRIPT) and load
 * the scripts again.
 */
@ExtendWith(RealServers.class)
class RedisRestartIT {
    private static final int MESSAGES = 3000;
    private static final Duration OUTAGE = Duration.ofSeconds(1);
    /** A third of the messages are delayed this long, so that Redis holds a backlog when it dies. */
    private static final Duration DELAY = Duration.ofSeconds(3);

    @Test
    void everyAcknowledgedSendIsDeliveredAcrossARedisCrash(TestServers servers, @TempDir Path dir) throws Exception {
        try (RestartableRedis redis = RestartableRedis.start(dir, RestartableRedis.Persistence.AOF_ALWAYS);
                WorkerFixture fixture = new WorkerFixture(servers.withRedis(redis.url()));
                TestReceiver receiver = TestReceiver.answering(Answer.ok().after(Duration.ofMillis(10)));
                WorkerFleet fleet = new WorkerFleet(
                        fixture,
                        "redis-restart",
                        Map.of(
                                WorkerConfig.CONCURRENCY,
                                "16",
                                WorkerConfig.LEASE,
                                "10s",
                                WorkerConfig.HTTP_TIMEOUT,
                                "2s"))) {
            List<WorkerFleet.Member> workers = fleet.start(List.of("r1", "r2"));
            SendLoop loop = SendLoop.start(
                    fixture.producer,
                    MESSAGES,
                    i -> Message.builder(receiver.url("/restart/" + i))
                            .payload("{\"i\":" + i + "}")
                            .delay(i % 3 == 0 ? DELAY : Duration.ZERO)
                            .idempotencyKey("restart-" + i)
                            .build());

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> loop.acknowledged().size() >= MESSAGES / 3);
            long backlogAtKill =
                    loop.acknowledged().size() - receiver.delivered().size();
            Instant killedAt = Instant.now();
            redis.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> loop.failingFor().compareTo(OUTAGE) >= 0);
            redis.restart();
            Instant restartedAt = Instant.now();

            List<String> ids = loop.awaitAllAcknowledged(Duration.ofSeconds(120));
            fixture.awaitFinal(ids, Duration.ofSeconds(120));
            assertThat(workers)
                    .as("the worker processes lived through it")
                    .allMatch(m -> m.process().isAlive());
            fleet.stop();

            Instant firstDeliveryAfter = receiver.firstReceivedAfter(restartedAt);
            Set<String> workersAfter = new QueueHistory(fixture)
                    .attempts().stream()
                            .filter(a -> a.startedAt().isAfter(restartedAt) && a.workerId() != null)
                            .map(QueueHistory.Attempt::workerId)
                            .collect(Collectors.toSet());
            long noScript = redis.infoField("errorstats", "errorstat_NOSCRIPT")
                    .map(v -> Long.parseLong(v.replaceAll("\\D+", "")))
                    .orElse(0L);
            System.err.printf(
                    "redis restart (%s, Redis %s): SIGKILL with %d acknowledged sends not yet delivered; down %d ms;"
                            + " first delivery %d ms and producer back %d ms after the restart; %d sends failed and"
                            + " were sent again; %d NOSCRIPT replies after the restart; %d of %d delivered, %d"
                            + " duplicate requests%n",
                    redis.persistence(),
                    redis.version(),
                    backlogAtKill,
                    Duration.between(killedAt, restartedAt).toMillis(),
                    Duration.between(restartedAt, firstDeliveryAfter).toMillis(),
                    Duration.between(restartedAt, loop.recovered().orElseThrow())
                            .toMillis(),
                    loop.failures(),
                    noScript,
                    receiver.delivered().size(),
                    ids.size(),
                    receiver.repeatedRequests());

            assertThat(ids).hasSize(MESSAGES).doesNotHaveDuplicates();
            assertThat(backlogAtKill)
                    .as("acknowledged sends waiting in Redis when it died")
                    .isPositive();
            assertThat(loop.failures()).as("sends failed while Redis was down").isPositive();
            assertThat(receiver.delivered()).containsAll(ids);
            fixture.assertDeliveredOrArchived(ids);
            assertThat(noScript)
                    .as("clients met the empty script cache and loaded the scripts again")
                    .isPositive();
            assertThat(workersAfter)
                    .as("both workers delivered after the restart")
                    .containsExactlyInAnyOrder("r1", "r2");
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }
}
