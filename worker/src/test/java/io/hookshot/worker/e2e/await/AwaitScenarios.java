package io.hookshot.worker.e2e.await;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.OutcomeRequest;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.AwaitSettings;
import io.hookshot.producer.DeliveryOutcome;
import io.hookshot.producer.Event;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.run.Worker;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Awaited outcomes end to end, through a real worker, Redis, PostgreSQL and HTTP receiver: a delivered message, dead
 * ones, a notification that never reaches the producer (the status read completes the future), an event fanned out
 * to two endpoints and one matching none. The same tests run on one Redis ({@link AwaitOutcomeIT}) and on a Redis
 * Cluster ({@link ClusterAwaitOutcomeIT}).
 */
abstract class AwaitScenarios {
    /** Long enough for a worker to settle a message on a busy machine; the futures' own timeout is longer. */
    static final long WAIT_SECONDS = 30;

    WorkerFixture fixture;
    HookshotProducer producer;
    RedissonClient redis;
    TestReceiver receiver;
    Worker worker;

    abstract WorkerFixture newFixture(TestServers servers);

    @BeforeEach
    void start(TestServers servers) {
        fixture = newFixture(servers);
        producer = producer(AwaitSettings.defaults().withPollInterval(Duration.ofMillis(200)));
        redis = RedissonClients.create(servers.redisUrl());
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        producer.close();
        assertThat(fixture.inspect().violations()).isEmpty();
        if (receiver != null) {
            receiver.close();
        }
        redis.shutdown();
        fixture.close();
    }

    /** A producer of the fixture's queue awaiting as {@code settings} say; closed by the test. */
    HookshotProducer producer(AwaitSettings settings) {
        return HookshotProducer.create(ProducerConfig.fromEnvironment(fixture.env(Map.of())), settings);
    }

    void startWorker() {
        worker = Worker.start(fixture.config(Map.of()));
    }

    static <T> T outcome(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aDeliveredMessagesOutcomeHasItsStatusAttemptsAndAResponseExcerpt() throws Exception {
        String longBody = "x".repeat(5000);
        receiver = TestReceiver.scripted((request, earlier) -> request.path().equals("/long")
                ? Answer.of(200, longBody)
                : Answer.of(earlier == 0 ? 503 : 201, "thanks"));
        startWorker();

        CompletableFuture<DeliveryOutcome> retried = producer.sendAndAwait(
                Message.builder(receiver.url("/orders")).payload("{}").build());
        CompletableFuture<DeliveryOutcome> longAnswer = producer.sendAndAwait(
                Message.builder(receiver.url("/long")).payload("{}").build());

        assertThat(outcome(retried)).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.statusCode()).isEqualTo(201);
            assertThat(d.attempts()).as("one 503, then the 201").isEqualTo(2);
            assertThat(d.responseExcerpt()).isEqualTo("thanks");
            assertThat(receiver.delivered()).contains(d.id().value());
        });
        assertThat(outcome(longAnswer))
                .isInstanceOfSatisfying(
                        DeliveryOutcome.Delivered.class,
                        d -> assertThat(d.responseExcerpt()).isEqualTo("x".repeat(DeliveryOutcome.MAX_EXCERPT)));
    }

    @Test
    void aDeadMessagesOutcomeHasItsReasonAttemptsAndLastStatus() throws Exception {
        receiver = TestReceiver.scripted(
                (request, earlier) -> Answer.status(request.path().equals("/gone") ? 410 : 500));
        startWorker();

        CompletableFuture<DeliveryOutcome> gone = producer.sendAndAwait(
                Message.builder(receiver.url("/gone")).payload("{}").build());
        CompletableFuture<DeliveryOutcome> failing = producer.sendAndAwait(
                Message.builder(receiver.url("/failing")).payload("{}").build());

        assertThat(outcome(gone)).isInstanceOfSatisfying(DeliveryOutcome.Dead.class, d -> {
            assertThat(d.reason()).startsWith("gone");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastStatus()).contains(410);
        });
        assertThat(outcome(failing)).isInstanceOfSatisfying(DeliveryOutcome.Dead.class, d -> {
            assertThat(d.reason()).startsWith("exhausted");
            assertThat(d.attempts()).as("the fixture's schedule: 100ms,200ms").isEqualTo(3);
            assertThat(d.lastStatus()).contains(500);
        });
    }

    @Test
    void aNotificationThatNeverArrivesIsMadeUpForByTheStatusRead() throws Exception {
        receiver = TestReceiver.alwaysOk();
        String url = receiver.url("/missed");
        CompletableFuture<DeliveryOutcome> future =
                producer.sendAndAwait(Message.builder(url).payload("{}").build());
        String id = onlyJobOf(url);
        // Before any worker runs: the notification is to go where no producer listens, as when the subscription is
        // down at the moment the message settles.
        RedisKeys keys = keysOf(url);
        var job = redis.<String, String>getMap(keys.job(id), StringCodec.INSTANCE);
        OutcomeRequest asked =
                OutcomeRequest.fromWire(job.get(OutcomeRequest.JOB_FIELD)).orElseThrow();
        job.put(OutcomeRequest.JOB_FIELD, new OutcomeRequest(asked.channel() + "-nobody", asked.keep()).wireForm());
        startWorker();

        assertThat(outcome(future)).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, d -> {
            assertThat(d.id().value()).isEqualTo(id);
            assertThat(d.statusCode()).isEqualTo(200);
        });
        assertThat(redis.<String>getBucket(keys.outcome(id), StringCodec.INSTANCE)
                        .remainTimeToLive())
                .as("the outcome record expires")
                .isPositive();
    }

    @Test
    void anEventsOutcomeHasEachMatchingEndpointsOutcomeAndAnUnmatchedEventNone() throws Exception {
        receiver = TestReceiver.scripted(
                (request, earlier) -> Answer.status(request.path().equals("/b") ? 410 : 200));
        try (EndpointsMirror mirror = new EndpointsMirror(fixture.servers.redisUrl(), fixture.queue)) {
            mirror.activeTypes("invoice.paid", "other.type");
            MirroredEndpoint a = endpoint("acme", receiver.url("/a"), Set.of("invoice.paid"), Set.of(), newSecret());
            MirroredEndpoint b = endpoint("acme", receiver.url("/b"), Set.of("invoice.paid"), Set.of(), newSecret());
            mirror.put(a, b);
            startWorker();

            CompletableFuture<List<DeliveryOutcome>> paid = producer.publishAndAwait(
                    Event.builder("invoice.paid").tenant("acme").payload("{}").build());
            CompletableFuture<List<DeliveryOutcome>> other = producer.publishAndAwait(
                    Event.builder("other.type").tenant("acme").payload("{}").build());

            List<MirroredEndpoint> inOrder = List.of(a, b).stream()
                    .sorted(Comparator.comparing(e -> e.id().value()))
                    .toList();
            List<DeliveryOutcome> outcomes = outcome(paid);
            assertThat(outcomes).hasSize(2);
            for (int i = 0; i < 2; i++) {
                DeliveryOutcome o = outcomes.get(i);
                assertThat(receiver.receivedFor(o.id().value()))
                        .as("outcome %d is of the message to the endpoint %d in id order", i, i)
                        .extracting(TestReceiver.Receipt::path)
                        .containsOnly(
                                URI.create(inOrder.get(i).url().toString()).getPath());
                if (inOrder.get(i) == b) {
                    assertThat(o)
                            .isInstanceOfSatisfying(
                                    DeliveryOutcome.Dead.class,
                                    d -> assertThat(d.lastStatus()).contains(410));
                } else {
                    assertThat(o)
                            .isInstanceOfSatisfying(
                                    DeliveryOutcome.Delivered.class,
                                    d -> assertThat(d.statusCode()).isEqualTo(200));
                }
            }
            assertThat(outcome(other)).as("no endpoint takes other.type").isEmpty();
        }
    }

    /** The one job of the fixture's queue queued for {@code url}'s endpoint. */
    String onlyJobOf(String url) {
        RedisKeys keys = keysOf(url);
        List<String> jobs =
                redis.getKeys().getKeysStreamByPattern(keys.prefix() + "job:*").toList();
        assertThat(jobs).hasSize(1);
        return jobs.getFirst().substring(keys.job("").length());
    }

    RedisKeys keysOf(String url) {
        return new RedisKeys(
                fixture.queue, Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)), fixture.partitions));
    }
}
