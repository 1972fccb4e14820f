package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestReceiver.Receipt;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.EndpointHealthConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Endpoint health end to end: the breaker holds through an outage and a worker restart; two workers share a limit. */
@ExtendWith(RealServers.class)
class EndpointHealthIT {
    private WorkerFixture fixture;
    private TestReceiver receiver;
    private final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
    }

    @AfterEach
    void stop() {
        workers.forEach(Worker::close);
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        fixture.close();
    }

    private String health(String url, String field) {
        return fixture.endpointHealth(url).get(field);
    }

    @Test
    void anOpenBreakerHoldsTheBacklogThroughAWorkerRestartAndAProbeDrainsIt() {
        AtomicBoolean down = new AtomicBoolean(true);
        receiver = TestReceiver.scripted((request, earlier) -> down.get() ? Answer.status(503) : Answer.ok());
        Map<String, String> env = Map.of(
                EndpointHealthConfig.BREAKER_FAILURES,
                "3",
                EndpointHealthConfig.BREAKER_MAX_HOLD,
                "1m",
                WorkerConfig.ENDPOINT_CONCURRENCY,
                "1",
                WorkerConfig.RETRY_JITTER,
                "0",
                WorkerConfig.RETRY_SCHEDULE,
                "200ms,200ms,200ms,200ms,200ms,200ms");
        workers.add(Worker.start(fixture.config(env)));
        List<String> ids = fixture.sendMany(receiver.url("/down/"), 10);

        await().atMost(Duration.ofSeconds(10)).until(() -> "open".equals(health(receiver.url("/"), "s")));
        int duringOutage = receiver.received().size();
        assertThat(duringOutage)
                .as("three failures open it; at most one more was in flight")
                .isBetween(3, 4);
        workers.removeFirst().close();
        workers.add(Worker.start(fixture.config(env)));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> receiver.received().size() == duringOutage);
        assertThat(fixture.inspect().dead())
                .as("held, not dead, though the schedule spans 1.2 s")
                .isZero();

        down.set(false);
        fixture.awaitFinal(ids, Duration.ofSeconds(40));

        assertThat(fixture.countWithStatus(ids, MessageStatus.DELIVERED)).isEqualTo(10);
        assertThat(receiver.received().size())
                .as("the outage's attempts, at most two probes, then one each")
                .isLessThanOrEqualTo(duringOutage + 2 + 10);
        assertThat(health(receiver.url("/"), "s")).as("closed").isNull();
    }

    @Test
    void twoWorkersShareOneRateLimitWhileAnotherEndpointRunsFree() {
        receiver = TestReceiver.scripted(2, (request, earlier) -> Answer.ok());
        String limited = receiver.url(0, "/limited/");
        String free = receiver.url(1, "/free/");
        Map<String, String> env =
                Map.of(EndpointHealthConfig.ENDPOINT_RATE_LIMITS, Endpoints.keyOf(URI.create(limited)) + "=20");
        workers.add(Worker.start(fixture.config(env)));
        workers.add(Worker.start(fixture.config(env)));

        List<String> ids = new ArrayList<>(fixture.sendMany(limited, 60));
        ids.addAll(fixture.sendMany(free, 60));
        fixture.awaitFinal(ids, Duration.ofSeconds(30));

        List<Instant> slow = arrivals("/limited/");
        List<Instant> fast = arrivals("/free/");
        assertThat(slow).hasSize(60);
        // Claims are spaced on the Redis clock; arrivals also carry each request's own delay, so the windows allow
        // a few requests of jitter.
        assertThat(maxIn(slow, Duration.ofSeconds(2)))
                .as("20/s and a burst of 2")
                .isLessThanOrEqualTo(50);
        assertThat(Duration.between(slow.getFirst(), slow.getLast()))
                .as("58 requests after the burst, 50 ms apart")
                .isGreaterThan(Duration.ofMillis(2600));
        assertThat(fast.getLast())
                .as("the free endpoint is not slowed")
                .isBefore(slow.getLast().minusSeconds(1));
        assertThat(workers.stream()
                        .mapToDouble(w -> w.meterRegistry()
                                .get(WorkerMetrics.RATE_LIMITED_CLAIMS)
                                .tag("queue", fixture.queue)
                                .functionCounter()
                                .count())
                        .sum())
                .as("hookshot_endpoint_rate_limited_claims_total: jobs left ready for the limit")
                .isPositive();
        assertThat(((PrometheusMeterRegistry) workers.getFirst().meterRegistry()).scrape())
                .contains("hookshot_endpoint_rate_limited_claims_total{queue=\"" + fixture.queue + "\"}");
    }

    private List<Instant> arrivals(String pathPrefix) {
        return receiver.received().stream()
                .filter(r -> r.path().startsWith(pathPrefix))
                .map(Receipt::at)
                .sorted()
                .toList();
    }

    private static int maxIn(List<Instant> times, Duration window) {
        int most = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (!times.get(j).isAfter(times.get(i).minus(window))) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }
}
