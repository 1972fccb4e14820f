package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end through a real worker, Redis, Postgres and HTTP receiver: the happy path, retries, dead letters and
 * delays. The same tests run on one Redis ({@link DeliveryIT}) and on a Redis Cluster ({@link ClusterDeliveryIT}).
 */
abstract class DeliveryScenarios {
    WorkerFixture fixture;
    TestReceiver receiver;
    Worker worker;

    /** A fixture on a fresh queue of the servers the subclass's extension gives. */
    abstract WorkerFixture newFixture(TestServers servers);

    @BeforeEach
    void start(TestServers servers) {
        fixture = newFixture(servers);
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        assertThat(fixture.inspect().violations()).isEmpty();
        if (receiver != null) {
            receiver.close();
        }
        fixture.close();
    }

    void startWorker() {
        worker = Worker.start(fixture.config(Map.of()));
    }

    @Test
    void deliversPayloadAndHeadersWithTheMessageIdAsWebhookId() {
        receiver = TestReceiver.alwaysOk();
        startWorker();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(fixture.producer
                    .send(Message.builder(receiver.url("/hooks/" + i))
                            .payload("{\"n\":" + i + "}")
                            .header("X-Tenant", "acme")
                            .build())
                    .value());
        }

        fixture.awaitFinal(ids, Duration.ofSeconds(20));

        assertThat(receiver.delivered()).containsExactlyInAnyOrderElementsOf(ids);
        TestReceiver.Receipt first = receiver.receivedFor(ids.getFirst()).getFirst();
        assertThat(first.body()).isEqualTo("{\"n\":0}");
        assertThat(first.headers())
                .containsEntry("x-tenant", "acme")
                .containsEntry("content-type", "application/json")
                .containsKey("webhook-timestamp");
        assertThat(fixture.countWithStatus(ids, MessageStatus.DELIVERED)).isEqualTo(20);
        List<AttemptView> attempts = fixture.history.attempts(ids.getFirst());
        assertThat(attempts).singleElement().satisfies(a -> {
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(a.workerId()).isEqualTo("test-worker");
        });
    }

    @Test
    void retriesUntilTheReceiverAcceptsAndRecordsEveryAttempt() {
        receiver = TestReceiver.scripted((request, earlier) -> Answer.status(earlier < 2 ? 503 : 200));
        startWorker();

        String id = fixture.producer
                .send(Message.builder(receiver.url("/flaky")).payload("{}").build())
                .value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        assertThat(fixture.message(id)).hasValueSatisfying(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED);
            assertThat(m.attempts()).isEqualTo(3);
        });
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(fixture.history.attempts(id))
                        .extracting(AttemptView::statusCode)
                        .containsExactly(503, 503, 200));
        assertThat(receiver.receivedFor(id)).hasSize(3);
    }

    @Test
    void deadLettersAfterTheLastScheduledAttemptWithEveryAttempt() {
        receiver = TestReceiver.answering(Answer.status(500));
        startWorker();

        String id = fixture.producer
                .send(Message.builder(receiver.url("/down")).payload("{}").build())
                .value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        assertThat(fixture.message(id))
                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DEAD));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(fixture.history.attempts(id))
                    .hasSize(3)
                    .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(500));
            assertThat(fixture.history.findDeadLetter(id)).hasValueSatisfying(d -> {
                assertThat(d.reason()).contains("exhausted");
                assertThat(d.job()).contains(id);
            });
        });
        assertThat(receiver.receivedFor(id)).hasSize(3);
    }

    @Test
    void aDelayedMessageDoesNotArriveEarly() {
        receiver = TestReceiver.alwaysOk();
        startWorker();
        Instant sent = Instant.now();

        String id = fixture.producer
                .send(Message.builder(receiver.url("/later"))
                        .payload("{}")
                        .delay(Duration.ofMillis(1500))
                        .build())
                .value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        assertThat(receiver.receivedFor(id))
                .singleElement()
                .satisfies(r ->
                        assertThat(Duration.between(sent, r.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1500)));
    }
}
