package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.LuaScript;
import io.hookshot.common.MessageId;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TcpProxy;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker JVM reaches Redis through a proxy that, for a while, holds Redis's replies longer than Redisson's response
 * timeout (3 s, production settings unchanged). Redisson then sends the same script calls again, and Redis runs them
 * twice: claims with the same claim id, settlements with the same fencing token. Every job is still claimed once per
 * attempt and settled once: attempts go 1, 2, ... with one row each, no lease is lost, nothing is delivered twice,
 * and no in-flight counter goes below zero. A settlement run twice answers the second time as it did the first, so
 * the worker counts no stale acknowledgement.
 */
@ExtendWith(RealServers.class)
class ScriptResendIT {
    private static final int MESSAGES = 1500;
    /** Longer than Redisson's 3 s response timeout, so each call held this long times out and is sent again. */
    private static final Duration REPLY_DELAY = Duration.ofMillis(3500);
    /**
     * Longer than the slow phase can last (the wait below for re-run claims and settlements, at most 60 s): leases
     * cannot be renewed while every reply is held, and one that expired would be lost for a reason of its own.
     */
    private static final String LEASE = "90s";

    @Test
    void scriptsRunTwiceByRedissonResendsChangeNothingTwice(TestServers servers) throws Exception {
        URI redis = URI.create(servers.redisUrl());
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.scripted(
                        (r, earlier) -> Answer.status(earlier == 0 && failsFirst(r.webhookId()) ? 503 : 200)
                                .after(Duration.ofMillis(20)));
                TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
                WorkerProcess worker = new WorkerProcess(
                        "resend-worker",
                        fixture.env(Map.of(
                                WorkerConfig.REDIS_URL,
                                "redis://127.0.0.1:" + proxy.port(),
                                WorkerConfig.WORKER_ID,
                                "resender",
                                WorkerConfig.CONCURRENCY,
                                "8",
                                WorkerConfig.LEASE,
                                LEASE,
                                WorkerConfig.HTTP_TIMEOUT,
                                "2s")));
                ScriptMonitor monitor = new ScriptMonitor(servers.redisUrl())) {
            worker.awaitStarted(Duration.ofSeconds(60));
            List<String> ids = send(fixture, receiver);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> receiver.received().size() >= 100);

            proxy.delay(TcpProxy.Direction.TO_CLIENT, REPLY_DELAY);
            Instant slowFrom = Instant.now();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(monitor.rerun(LuaScript.CLAIM))
                        .as("claims Redis ran twice")
                        .isPositive();
                assertThat(monitor.rerun(LuaScript.SETTLE))
                        .as("settlements Redis ran twice")
                        .isPositive();
            });
            proxy.delay(TcpProxy.Direction.TO_CLIENT, Duration.ZERO);
            Duration slowFor = Duration.between(slowFrom, Instant.now());

            fixture.awaitFinal(ids, Duration.ofSeconds(120));
            Map<String, List<QueueHistory.Attempt>> attempts = new QueueHistory(fixture).attemptsById();
            System.err.printf(
                    "script re-send: replies held %d ms for %d ms; Redis ran %d claims twice (of %d) and %d"
                            + " settlements twice (of %d); the worker logged %d stale acknowledgements; %d of %d"
                            + " delivered, %d requests beyond the expected%n",
                    REPLY_DELAY.toMillis(),
                    slowFor.toMillis(),
                    monitor.rerun(LuaScript.CLAIM),
                    monitor.calls(LuaScript.CLAIM),
                    monitor.rerun(LuaScript.SETTLE),
                    monitor.calls(LuaScript.SETTLE),
                    worker.logLinesWith("stale acknowledgement"),
                    receiver.delivered().size(),
                    ids.size(),
                    receiver.received().size()
                            - ids.stream()
                                    .mapToLong(ScriptResendIT::expectedRequests)
                                    .sum());

            assertThat(worker.logLinesWith("stale acknowledgement"))
                    .as(
                            "stale acknowledgements: no lease was lost, so each would be a re-sent settlement answered as"
                                    + " stale; see %s",
                            worker.log)
                    .isZero();
            fixture.assertDeliveredOrArchived(ids);
            assertThat(receiver.delivered()).containsAll(ids);
            for (String id : ids) {
                int expected = expectedRequests(id);
                assertThat(receiver.receivedFor(id)).as("requests for %s", id).hasSize(expected);
                assertThat(attempts.get(id))
                        .as("attempts of %s: claimed once per attempt, one row each", id)
                        .extracting(QueueHistory.Attempt::attempt)
                        .containsExactlyElementsOf(
                                IntStream.rangeClosed(1, expected).boxed().toList());
                assertThat(attempts.get(id)).noneMatch(QueueHistory.Attempt::stalled);
            }
            WorkerPauseIT.assertInFlightNeverNegative(fixture);
            assertThat(fixture.inspect().violations()).isEmpty();
            assertThat(worker.isAlive()).isTrue();
            worker.terminate(Duration.ofSeconds(30));
        }
    }

    /** Half the messages are answered 503 the first time, so that re-sent settlements include retries. */
    private static boolean failsFirst(String id) {
        return id != null && Math.floorMod(id.hashCode(), 2) == 0;
    }

    private static int expectedRequests(String id) {
        return failsFirst(id) ? 2 : 1;
    }

    private static List<String> send(WorkerFixture fixture, TestReceiver receiver) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(
                    Message.builder(receiver.url("/resend/" + i)).payload("{}").build());
        }
        return fixture.producer.sendAll(messages).stream().map(MessageId::value).toList();
    }
}
