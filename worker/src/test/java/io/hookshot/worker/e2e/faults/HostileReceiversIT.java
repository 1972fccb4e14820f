package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.MessageId;
import io.hookshot.producer.Message;
import io.hookshot.testing.RawBehaviours;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.QueueHistory;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One worker JVM ({@code -Xmx256m}) delivering to receivers that hang, reset the connection, trickle one byte a
 * second, answer with a 50 MB body, or redirect elsewhere, while it also delivers to a well-behaved receiver: the
 * hard deadline fires before the lease ends (no stalled attempt, no duplicate), no redirect is followed, the body is
 * cut at the configured limit and memory stays bounded, and the well-behaved endpoint keeps its throughput, thanks to
 * the per-endpoint concurrency cap.
 */
@ExtendWith(RealServers.class)
class HostileReceiversIT {
    private static final int GOOD_MESSAGES = 500;
    /** Delivered first, so that the baseline is not the cold start of the worker JVM. */
    private static final int WARM_UP = 200;

    private static final int PER_HOSTILE = 10;
    private static final int BODY_LIMIT = 16 * 1024;
    private static final long HUGE_BODY = 50L * 1024 * 1024;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Map<String, String> ENV = Map.of(
            WorkerConfig.WORKER_ID, "hostile-worker",
            WorkerConfig.CONCURRENCY, "32",
            WorkerConfig.ENDPOINT_CONCURRENCY, "4",
            WorkerConfig.HTTP_TIMEOUT, "1s",
            WorkerConfig.CONNECT_TIMEOUT, "1s",
            WorkerConfig.LEASE, "3s",
            WorkerConfig.MAX_RESPONSE_BODY, Integer.toString(BODY_LIMIT),
            WorkerConfig.RETRY_SCHEDULE, "200ms,400ms");

    @Test
    void hostileReceiversNeitherOutliveTheLeaseNorSlowAWellBehavedOne(TestServers servers) throws Exception {
        AtomicLong maxRssKib = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver good = TestReceiver.alwaysOk();
                TestReceiver elsewhere = TestReceiver.alwaysOk();
                TestReceiver hang = TestReceiver.raw(RawBehaviours.hanging());
                TestReceiver reset = TestReceiver.raw(RawBehaviours.resetting());
                TestReceiver trickle = TestReceiver.raw(RawBehaviours.trickling());
                TestReceiver huge = TestReceiver.raw(RawBehaviours.answeringWithBody(HUGE_BODY));
                TestReceiver redirect = TestReceiver.raw(RawBehaviours.redirectingTo(elsewhere.url("/landing")));
                WorkerProcess worker = new WorkerProcess("hostile-worker", fixture.env(ENV))) {
            worker.awaitStarted(Duration.ofSeconds(60));
            sampler.scheduleAtFixedRate(
                    () -> maxRssKib.accumulateAndGet(worker.residentKib(), Math::max), 0, 100, TimeUnit.MILLISECONDS);

            List<String> ids = new ArrayList<>(send(fixture, good::url, "/warm-up/", WARM_UP));
            timeUntilDelivered(good, WARM_UP);
            ids.addAll(send(fixture, good::url, "/baseline/", GOOD_MESSAGES));
            Duration baseline = timeUntilDelivered(good, WARM_UP + GOOD_MESSAGES);

            Map<String, TestReceiver> hostile =
                    Map.of("hang", hang, "reset", reset, "trickle", trickle, "huge", huge, "redirect", redirect);
            Map<TestReceiver, List<String>> hostileIds = new LinkedHashMap<>();
            hostile.forEach((name, h) -> hostileIds.put(h, send(fixture, h::url, "/" + name + "/", PER_HOSTILE)));
            await().atMost(Duration.ofSeconds(30)).until(() -> hang.open() > 0 && trickle.open() > 0);
            List<String> underFireIds = send(fixture, good::url, "/under-fire/", GOOD_MESSAGES);
            Duration underFire = timeUntilDelivered(good, WARM_UP + 2 * GOOD_MESSAGES);
            boolean stillUnderFire = hang.accepted() < 3 * PER_HOSTILE || trickle.accepted() < 3 * PER_HOSTILE;

            ids.addAll(underFireIds);
            hostileIds.values().forEach(ids::addAll);
            fixture.awaitFinal(ids, Duration.ofSeconds(90));
            sampler.shutdownNow();
            assertThat(worker.isAlive())
                    .as("the worker survived; see %s", worker.log)
                    .isTrue();
            String log = worker.output();

            Map<String, List<QueueHistory.Attempt>> attempts = new QueueHistory(fixture).attemptsById();
            int hugeBody = hostileIds.get(huge).stream()
                    .flatMap(id -> attempts.get(id).stream())
                    .mapToInt(QueueHistory.Attempt::responseBodyLength)
                    .max()
                    .orElse(-1);
            int longestHostileMs = hostileIds.values().stream()
                    .flatMap(List::stream)
                    .flatMap(id -> attempts.get(id).stream())
                    .mapToInt(QueueHistory.Attempt::durationMs)
                    .max()
                    .orElseThrow();
            System.err.printf(
                    "hostile receivers: %d good messages in %d ms alone, %d ms beside %d hostile ones"
                            + " (per-endpoint cap 4); longest hostile attempt %d ms (timeout %d ms, lease %d ms);"
                            + " 50 MB body kept as %d bytes; worker RSS at most %d MiB (-Xmx256m); redirect target"
                            + " saw %d requests%n",
                    GOOD_MESSAGES,
                    baseline.toMillis(),
                    underFire.toMillis(),
                    PER_HOSTILE * hostile.size(),
                    longestHostileMs,
                    HTTP_TIMEOUT.toMillis(),
                    LEASE.toMillis(),
                    hugeBody,
                    maxRssKib.get() / 1024,
                    elsewhere.received().size());

            fixture.assertDeliveredOrArchived(ids);
            assertThat(fixture.inspect().violations()).isEmpty();
            assertThat(attempts.values())
                    .as("no lease expired: no stalled attempt")
                    .allSatisfy(list -> assertThat(list).noneMatch(QueueHistory.Attempt::stalled));
            assertThat(longestHostileMs)
                    .as("every hostile attempt ended at the deadline, well within the lease")
                    .isLessThan((int) LEASE.toMillis());
            assertThat(good.repeatedRequests())
                    .as("duplicates to the good receiver")
                    .isZero();
            assertErrors(attempts, hostileIds.get(hang), "timeout");
            assertErrors(attempts, hostileIds.get(trickle), "timeout");
            assertErrors(attempts, hostileIds.get(reset), "io");
            assertThat(hostileIds.get(redirect))
                    .allSatisfy(id -> assertThat(attempts.get(id))
                            .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(302)));
            assertThat(elsewhere.received()).as("redirects are not followed").isEmpty();
            assertThat(hostileIds.get(huge))
                    .allSatisfy(id -> assertThat(attempts.get(id))
                            .singleElement()
                            .satisfies(a -> {
                                assertThat(a.statusCode()).isEqualTo(200);
                                assertThat(a.responseBodyLength()).isEqualTo(BODY_LIMIT);
                            }));
            assertThat(log).doesNotContain("OutOfMemoryError");
            assertThat(stillUnderFire)
                    .as("the hostile receivers were still being tried when the good batch was done")
                    .isTrue();
            assertThat(underFire)
                    .as("the good endpoint kept its throughput (alone: %d ms)", baseline.toMillis())
                    .isLessThan(baseline.multipliedBy(3).plusSeconds(2));
            worker.terminate(Duration.ofSeconds(30));
        } finally {
            sampler.shutdownNow();
        }
    }

    private static void assertErrors(
            Map<String, List<QueueHistory.Attempt>> attempts, List<String> ids, String errorClass) {
        assertThat(ids)
                .allSatisfy(id -> assertThat(attempts.get(id))
                        .hasSize(3)
                        .allSatisfy(a -> assertThat(a.errorClass()).isEqualTo(errorClass)));
    }

    /** Time from now until the receiver has delivered {@code total} distinct messages. */
    private static Duration timeUntilDelivered(TestReceiver receiver, int total) {
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(receiver.delivered().size())
                        .as("messages the good receiver got")
                        .isGreaterThanOrEqualTo(total));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static List<String> send(
            WorkerFixture fixture, java.util.function.Function<String, String> url, String path, int n) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(Message.builder(url.apply(path + i)).payload("{}").build());
        }
        return fixture.producer.sendAll(messages).stream().map(MessageId::value).toList();
    }
}
