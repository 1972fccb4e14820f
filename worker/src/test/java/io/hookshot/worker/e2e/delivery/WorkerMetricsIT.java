package io.hookshot.worker.e2e.delivery;

import static io.hookshot.worker.e2e.delivery.Scrape.samples;
import static io.hookshot.worker.e2e.delivery.Scrape.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.common.events.EventKeys;
import io.hookshot.producer.Event;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.metrics.EndpointTraffic;
import io.hookshot.worker.metrics.QueueGauges;
import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.QueueDepths;
import io.hookshot.worker.queue.QueueSettings;
import io.hookshot.worker.queue.RedisJobQueue;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The worker's meters against what really happened: a real worker, Redis, Postgres and receiver, and the text a
 * Prometheus scrape gets. The attempt counters must say what the history in Postgres says.
 */
@ExtendWith(RealServers.class)
class WorkerMetricsIT {

    private WorkerFixture fixture;
    private TestReceiver receiver;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
        // The body says how the receiver answers: ok at once, 503 then 200, or 500 until the message is dead.
        receiver = TestReceiver.scripted((request, earlier) -> Answer.status(
                request.body().contains("ok")
                        ? 200
                        : request.body().contains("flaky") && earlier > 0
                                ? 200
                                : request.body().contains("flaky") ? 503 : 500));
    }

    @AfterEach
    void stop() {
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        fixture.close();
    }

    @Test
    void attemptCountersMatchTheHistoryAndQueueGaugesDrainToZero() {
        List<String> ids = new ArrayList<>();
        String later;
        try (Worker worker = Worker.start(fixture.config(Map.of()), registry)) {
            ids.addAll(send("ok", 10));
            ids.addAll(send("flaky", 5));
            ids.addAll(send("down", 4));
            ids.add(fixture.producer
                    .send(Message.builder("http://127.0.0.1:1/refused")
                            .payload("{}")
                            .build())
                    .value());
            later = fixture.producer
                    .send(Message.builder(receiver.url("/later"))
                            .payload("{\"ok\":1}")
                            .delay(Duration.ofHours(1))
                            .build())
                    .value();

            fixture.awaitFinal(ids, Duration.ofSeconds(30));
            Map<String, Double> expected = attemptsInHistory(ids);
            assertThat(expected.values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum())
                    .as("attempts in history")
                    .isEqualTo(10 + 5 * 2 + 4 * 3 + 3);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(samples(registry.scrape(), "hookshot_attempts_total"))
                            .isEqualTo(expected));

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        String scrape = registry.scrape();
                        assertThat(sum(scrape, "hookshot_queue_jobs", "state=\"ready\""))
                                .isZero();
                        assertThat(sum(scrape, "hookshot_queue_jobs", "state=\"in_flight\""))
                                .isZero();
                        assertThat(sum(scrape, "hookshot_queue_jobs", "state=\"dead\""))
                                .as("dead, archived")
                                .isZero();
                        assertThat(sum(scrape, "hookshot_queue_jobs", "state=\"delayed\""))
                                .as("the hour-late one")
                                .isEqualTo(1);
                        assertThat(sum(scrape, "hookshot_outbox_lag", "")).isZero();
                        assertThat(sum(scrape, "hookshot_queue_oldest_ready_age_seconds", ""))
                                .isZero();
                    });

            String scrape = registry.scrape();
            assertThat(sum(scrape, "hookshot_delivery_latency_seconds_count", ""))
                    .isEqualTo(fixture.countWithStatus(ids, MessageStatus.DELIVERED))
                    .isEqualTo(15);
            assertThat(sum(scrape, "hookshot_attempt_duration_seconds_count", ""))
                    .isEqualTo(35);
            assertThat(sum(scrape, "hookshot_in_flight", "")).isZero();
            assertThat(sum(scrape, "hookshot_stale_acks_total", ""))
                    .isEqualTo(worker.staleAcks())
                    .isZero();
            assertThat(samples(scrape, "hookshot_leases_reaped_total")).containsOnlyKeys("");
            assertThat(samples(scrape, "hookshot_exporter_errors_total")).containsEntry("", 0.0);
            assertThat(sum(scrape, "hookshot_exporter_batch_size_sum", "")).isGreaterThanOrEqualTo(35);
            assertThat(samples(scrape, "jvm_memory_used_bytes")).isNotEmpty();
            assertThat(scrape)
                    .doesNotContain("127.0.0.1", "http://", "/refused", later)
                    .satisfies(s -> ids.forEach(id -> assertThat(s).doesNotContain(id)));
        }
    }

    @Test
    void queueGaugesCountReadyJobsAndTheAgeOfTheOldest(TestServers servers) {
        send("ok", 3);
        fixture.producer.send(Message.builder(receiver.url("/b"))
                .payload("{}")
                .delay(Duration.ofHours(1))
                .build());
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        redis.getMap(EventKeys.eventTypes(fixture.queue), StringCodec.INSTANCE)
                .fastPut("stats.event", EventKeys.ACTIVE);
        for (int i = 0; i < 2; i++) {
            fixture.producer.publish(
                    Event.builder("stats.event").tenant("acme").payload("{}").build());
        }
        EndpointTraffic traffic = new EndpointTraffic();
        String busiest = Endpoints.keyOf(URI.create(receiver.url("/")));
        for (int i = 0; i < 1000; i++) { // a score that outlasts the test's refreshes (it decays at each)
            traffic.count(busiest);
        }
        traffic.count("http://127.0.0.9:1");
        try (QueueGauges gauges = new QueueGauges(
                new QueueDepths(redis, fixture.queue, fixture.partitions),
                new EndpointHealthReader(redis, fixture.queue, fixture.partitions),
                traffic,
                fixture.queue,
                fixture.partitions,
                registry,
                Clock.systemUTC())) {
            gauges.start(Duration.ofMillis(100));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String scrape = registry.scrape();
                assertThat(sum(scrape, "hookshot_queue_jobs", "state=\"ready\""))
                        .isEqualTo(3);
                assertThat(sum(scrape, "hookshot_queue_jobs", "state=\"delayed\""))
                        .isEqualTo(1);
                assertThat(sum(scrape, "hookshot_outbox_lag", ""))
                        .as("accepted records")
                        .isEqualTo(4);
                assertThat(sum(scrape, "hookshot_queue_oldest_ready_age_seconds", ""))
                        .isPositive();
                assertThat(sum(scrape, "hookshot_events_pending", ""))
                        .as("published, no worker to fan them out")
                        .isEqualTo(2);
                assertThat(sum(scrape, "hookshot_endpoint_state", "state=\"open\""))
                        .isZero();
            });
            Instant opened = Instant.now();
            fixture.setEndpointHealth(
                    receiver.url("/"),
                    Map.of("s", "open", "o", Long.toString(opened.toEpochMilli())),
                    Optional.of(opened.plusSeconds(60)));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String scrape = registry.scrape();
                assertThat(sum(scrape, "hookshot_endpoint_state", "state=\"open\""))
                        .isEqualTo(1);
                assertThat(sum(scrape, "hookshot_endpoint_held_messages", ""))
                        .as("the ready ones")
                        .isEqualTo(3);
                assertThat(sum(scrape, "hookshot_endpoint_breaker_opened_total", ""))
                        .isEqualTo(1);
                String named = "{endpoint=\"" + busiest + "\",queue=\"" + fixture.queue + "\"";
                assertThat(samples(scrape, "hookshot_endpoint_state"))
                        .as("the busiest endpoints are named, the rest summed")
                        .containsEntry(named + ",state=\"open\"}", 1.0)
                        .containsEntry("{endpoint=\"_other\",queue=\"" + fixture.queue + "\",state=\"open\"}", 0.0);
                assertThat(samples(scrape, "hookshot_endpoint_held_messages")).containsEntry(named + "}", 3.0);
                assertThat(samples(scrape, "hookshot_endpoint_breaker_opened_total"))
                        .containsEntry(named + "}", 1.0);
            });
            assertThat(samples(registry.scrape(), "hookshot_queue_jobs"))
                    .hasSize(4 * fixture.partitions)
                    .containsKey("{partition=\"0\",queue=\"" + fixture.queue + "\",state=\"in_flight\"}");
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void countsTheLeasesItsReaperTakesBack(TestServers servers) {
        String id = send("ok", 1).getFirst();
        RedissonClient redis = RedissonClients.create(servers.redisUrl());
        try {
            RedisJobQueue deadWorker = new RedisJobQueue(
                    redis,
                    new QueueSettings(
                            fixture.queue,
                            fixture.partitions,
                            Duration.ofMillis(200),
                            32,
                            3,
                            QueueSettings.DEFAULT_PROMOTE_LIMIT,
                            QueueSettings.DEFAULT_REAP_LIMIT));
            assertThat(IntStream.range(0, fixture.partitions)
                            .mapToObj(p -> deadWorker.claim(p, 1).jobs())
                            .flatMap(List::stream))
                    .as("claimed and never settled")
                    .hasSize(1);

            try (Worker worker = Worker.start(fixture.config(Map.of()), registry)) {
                fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
                assertThat(sum(registry.scrape(), "hookshot_leases_reaped_total", ""))
                        .isEqualTo(1);
                assertThat(sum(registry.scrape(), "hookshot_stale_acks_total", ""))
                        .isZero();
            }
        } finally {
            redis.shutdown();
        }
    }

    /** Sends {@code n} messages whose body names {@code kind}, each to its own path of the receiver. */
    private List<String> send(String kind, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(fixture.producer
                    .send(Message.builder(receiver.url("/" + kind + "/" + i))
                            .payload("{\"" + kind + "\":" + i + "}")
                            .build())
                    .value());
        }
        return ids;
    }

    /** The history's attempts, counted under the labels {@code hookshot_attempts_total} should carry. */
    private Map<String, Double> attemptsInHistory(List<String> ids) {
        Map<String, Double> counts = new TreeMap<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            counts.clear();
            for (String id : ids) {
                List<AttemptView> attempts = fixture.history.attempts(id);
                assertThat(attempts.getLast().outcome().isFinal())
                        .as("last attempt of %s recorded", id)
                        .isTrue();
                for (AttemptView a : attempts) {
                    String labels = "{error_class=\"" + (a.errorClass() == null ? "none" : a.errorClass())
                            + "\",outcome=\"" + a.outcome().dbValue() + "\",status_class=\""
                            + (a.statusCode() == null ? "none" : a.statusCode() / 100 + "xx") + "\"}";
                    counts.merge(labels, 1.0, Double::sum);
                }
            }
        });
        return counts;
    }
}
