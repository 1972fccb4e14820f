package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.RetrySchedule;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.queue.ScriptRunner;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;

/** The outcome rules, end to end: gone means dead at once, per-message schedules, jobs that cannot be read. */
@ExtendWith(RealServers.class)
class DeliveryPolicyIT {
    private WorkerFixture fixture;
    private TestReceiver receiver;
    private Worker worker;

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
    }

    @AfterEach
    void stop() {
        worker.close();
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        fixture.close();
    }

    @Test
    void goneMeansDeadAfterOneAttempt() {
        receiver = TestReceiver.answering(Answer.status(410));
        worker = Worker.start(fixture.config(Map.of()));

        String id = fixture.producer
                .send(Message.builder(receiver.url("/gone")).payload("{}").build())
                .value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        fixture.assertDeliveredOrArchived(List.of(id));
        assertThat(fixture.message(id))
                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DEAD));
        assertThat(fixture.history.findDeadLetter(id))
                .hasValueSatisfying(d -> assertThat(d.reason()).contains("gone"));
        assertThat(receiver.receivedFor(id)).hasSize(1);
    }

    @Test
    void aLoopbackUrlIsBlockedByTheSsrfGuardAndDeadAfterOneAttempt() {
        receiver = TestReceiver.alwaysOk();
        worker = Worker.start(fixture.config(Map.of(WorkerConfig.ALLOWED_NETWORKS, ""))); // the guard fully on

        String id = fixture.producer
                .send(Message.builder(receiver.url("/internal")).payload("{}").build())
                .value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        assertThat(fixture.message(id)).hasValueSatisfying(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.DEAD);
            assertThat(m.attempts()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(fixture.history.attempts(id)).singleElement().satisfies(a -> {
                assertThat(a.statusCode()).isNull();
                assertThat(a.errorClass()).isEqualTo("blocked");
                assertThat(a.errorMessage()).startsWith("refused by the SSRF guard: 127.0.0.1 is 127.0.0.1 (loopback)");
            });
            assertThat(fixture.history.findDeadLetter(id))
                    .hasValueSatisfying(d -> assertThat(d.reason()).startsWith("blocked: refused by the SSRF guard"));
        });
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aClientErrorIsRetriedUnlessFailFastIsOn() {
        receiver = TestReceiver.answering(Answer.status(404));
        worker = Worker.start(fixture.config(Map.of(WorkerConfig.FAIL_FAST_4XX, "true")));

        String id = fixture.producer
                .send(Message.builder(receiver.url("/missing")).payload("{}").build())
                .value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        fixture.assertDeliveredOrArchived(List.of(id));
        assertThat(receiver.receivedFor(id)).hasSize(1);
        assertThat(fixture.message(id))
                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DEAD));
    }

    @Test
    void aMessagesOwnScheduleReplacesTheWorkersDefault() {
        receiver = TestReceiver.answering(Answer.status(503));
        worker = Worker.start(fixture.config(Map.of()));

        String id = fixture.producer
                .send(Message.builder(receiver.url("/own"))
                        .payload("{}")
                        .retrySchedule(RetrySchedule.parse("50ms"))
                        .build())
                .value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(fixture.history.attempts(id))
                        .extracting(AttemptView::attempt)
                        .containsExactly(1, 2));
        assertThat(receiver.receivedFor(id)).hasSize(2);
    }

    @Test
    void aJobThatCannotBeDecodedIsDeadWithTheReasonAndTheWorkerCarriesOn() {
        receiver = TestReceiver.alwaysOk();
        String url = receiver.url("/after-garbage");
        enqueueRaw("msg_garbage", url, "{\"v\":99,\"what\":\"from the future\"}");
        worker = Worker.start(fixture.config(Map.of()));

        String good = fixture.producer
                .send(Message.builder(url).payload("{}").build())
                .value();

        fixture.awaitFinal(List.of("msg_garbage", good), Duration.ofSeconds(20));
        fixture.assertDeliveredOrArchived(List.of("msg_garbage", good));
        assertThat(fixture.history.findDeadLetter("msg_garbage")).hasValueSatisfying(d -> {
            assertThat(d.reason()).startsWith("undecodable").contains("version 99");
            assertThat(d.job()).contains("from the future");
        });
        assertThat(fixture.history.attempts("msg_garbage"))
                .singleElement()
                .satisfies(a -> assertThat(a.errorClass()).isEqualTo("undecodable"));
        assertThat(fixture.message(good))
                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED));
        assertThat(receiver.receivedFor("msg_garbage")).isEmpty();
    }

    /** Puts a job with arbitrary stored data on the queue, as a corrupt or future producer would. */
    private void enqueueRaw(String id, String url, String data) {
        int partitions = fixture.config(Map.of()).partitions();
        Job job = new Job(
                new MessageId(id),
                URI.create(url),
                Map.of(),
                new byte[0],
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.EPOCH);
        String ep = job.endpointKey();
        EnqueueLayout layout =
                new EnqueueLayout(new RedisKeys(fixture.queue, Endpoints.partitionOf(ep, partitions)), Duration.ZERO);
        RedissonClient redis = RedissonClients.create(fixture.servers.redisUrl());
        try {
            new ScriptRunner(redis)
                    .run(ScriptRunner.Call.of(layout.call(job, ep, data, Duration.ZERO, Optional.empty())));
        } finally {
            redis.shutdown();
        }
    }
}
