package io.hookshot.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
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
import org.junit.jupiter.api.extension.ExtendWith;

/** End to end through a real worker, Redis, Postgres and HTTP receiver. */
@ExtendWith(RealServers.class)
class DeliveryIT {
    private WorkerFixture fixture;
    private TestReceiver receiver;
    private Worker worker;

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        fixture.close();
    }

    private void startWorker() {
        worker = Worker.start(fixture.config(Map.of()));
    }

    @Test
    void deliversPayloadAndHeadersWithTheMessageIdAsWebhookId() {
        receiver = TestReceiver.alwaysOk();
        startWorker();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(fixture.producer.send(Message.builder(receiver.url("/hooks/" + i))
                    .payload("{\"n\":" + i + "}").header("X-Tenant", "acme").build()).value());
        }

        fixture.awaitFinal(ids, Duration.ofSeconds(20));

        assertThat(receiver.delivered()).containsExactlyInAnyOrderElementsOf(ids);
        TestReceiver.Received first = receiver.receivedFor(ids.getFirst()).getFirst();
        assertThat(first.body()).isEqualTo("{\"n\":0}");
        assertThat(first.headers()).containsEntry("x-tenant", "acme").containsEntry("content-type", "application/json")
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
        receiver = new TestReceiver((request, earlier) ->
                new TestReceiver.Answer(earlier < 2 ? 503 : 200, Duration.ZERO));
        startWorker();

        String id = fixture.producer.send(Message.builder(receiver.url("/flaky")).payload("{}").build()).value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        assertThat(fixture.message(id)).hasValueSatisfying(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED);
            assertThat(m.attempts()).isEqualTo(3);
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(fixture.history.attempts(id)).extracting(AttemptView::statusCode).containsExactly(503, 503, 200));
        assertThat(receiver.receivedFor(id)).hasSize(3);
    }

    @Test
    void deadLettersAfterTheLastScheduledAttemptWithEveryAttempt() {
        receiver = new TestReceiver((request, earlier) -> new TestReceiver.Answer(500, Duration.ZERO));
        startWorker();

        String id = fixture.producer.send(Message.builder(receiver.url("/down")).payload("{}").build()).value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        assertThat(fixture.message(id)).hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DEAD));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(fixture.history.attempts(id)).hasSize(3).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(500));
            assertThat(fixture.history.findDeadLetter(id)).hasValueSatisfying(d -> {
                assertThat(d.reason()).contains("exhausted");
                assertThat(d.job()).contains(id);
            });
        });
        assertThat(receiver.receivedFor(id)).hasSize(3);
    }

    @Test
    void aLoopbackUrlIsBlockedByTheSsrfGuardAndDeadAfterOneAttempt() {
        receiver = TestReceiver.alwaysOk();
        worker = Worker.start(fixture.config(Map.of(WorkerConfig.ALLOWED_NETWORKS, ""))); // the guard fully on

        String id = fixture.producer.send(Message.builder(receiver.url("/internal")).payload("{}").build()).value();

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
            assertThat(fixture.history.findDeadLetter(id)).hasValueSatisfying(d ->
                    assertThat(d.reason()).startsWith("blocked: refused by the SSRF guard"));
        });
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aDelayedMessageDoesNotArriveEarly() {
        receiver = TestReceiver.alwaysOk();
        startWorker();
        Instant sent = Instant.now();

        String id = fixture.producer.send(Message.builder(receiver.url("/later")).payload("{}")
                .delay(Duration.ofMillis(1500)).build()).value();

        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        assertThat(receiver.receivedFor(id)).singleElement()
                .satisfies(r -> assertThat(Duration.between(sent, r.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1500)));
    }
}
