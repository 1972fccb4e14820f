package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A backlog on one endpoint does not hold back another endpoint's messages. */
@ExtendWith(RealServers.class)
class FairnessIT {
    @Test
    void oneJobForASecondEndpointIsDeliveredWithinASecondBehindTenThousandForTheFirst(TestServers servers) {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver busy = TestReceiver.answering(Answer.ok().after(Duration.ofMillis(20)));
                TestReceiver quiet = TestReceiver.alwaysOk()) {
            List<Message> backlog = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                backlog.add(Message.builder(busy.url("/busy"))
                        .payload("{\"i\":" + i + "}")
                        .build());
            }
            for (int from = 0; from < backlog.size(); from += 1000) {
                fixture.producer.sendAll(backlog.subList(from, from + 1000));
            }
            Worker worker = Worker.start(fixture.config(Map.of()));
            try {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> busy.received().size() >= 50);
                Instant sent = Instant.now();
                String id = fixture.producer
                        .send(Message.builder(quiet.url("/quiet")).payload("{}").build())
                        .value();

                await().atMost(Duration.ofSeconds(5))
                        .until(() -> !quiet.receivedFor(id).isEmpty());
                Duration waited =
                        Duration.between(sent, quiet.receivedFor(id).getFirst().at());
                int busyDone = busy.received().size();
                System.err.printf(
                        "fairness: second endpoint delivered after %d ms with %d of 10000 backlog jobs"
                                + " delivered%n",
                        waited.toMillis(), busyDone);

                assertThat(waited).isLessThan(Duration.ofSeconds(1));
                assertThat(busyDone).as("the backlog was still there").isLessThan(9_000);
            } finally {
                worker.close();
            }
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }

    @Test
    void anEndpointAtItsConcurrencyCapIsServedAtItsOwnPaceNotThePollInterval(TestServers servers) {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                messages.add(Message.builder(receiver.url("/capped/" + i))
                        .payload("{}")
                        .build());
            }
            List<String> ids = fixture.producer.sendAll(messages).stream()
                    .map(id -> id.value())
                    .toList();
            Worker worker = Worker.start(
                    fixture.config(Map.of(WorkerConfig.ENDPOINT_CONCURRENCY, "2", WorkerConfig.POLL_INTERVAL, "1s")));
            try {
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> receiver.delivered().size() == ids.size());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.err.printf(
                        "endpoint cap: 100 messages, 2 at a time, delivered in %d ms (poll interval 1 s)%n",
                        took.toMillis());
                assertThat(took)
                        .as("a freed slot of the endpoint is claimed at once, not at the next poll")
                        .isLessThan(Duration.ofSeconds(15));
                fixture.awaitFinal(ids, Duration.ofSeconds(30));
            } finally {
                worker.close();
            }
            fixture.assertDeliveredOrArchived(ids);
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }
}
