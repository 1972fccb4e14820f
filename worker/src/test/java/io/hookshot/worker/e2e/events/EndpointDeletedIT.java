package io.hookshot.worker.e2e.events;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.AttemptView;
import io.hookshot.worker.store.MessageStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An endpoint deleted from the registry while its message waits for a retry: the next attempt sends nothing and the
 * message is dead with the reason {@code endpoint_deleted}; the tenant's other endpoint is not affected.
 */
@ExtendWith(RealServers.class)
class EndpointDeletedIT {
    @Test
    void aPendingMessageOfADeletedEndpointEndsDeadWithoutAnotherRequest(TestServers servers) {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue);
                TestReceiver failing = TestReceiver.answering(Answer.status(503));
                TestReceiver ok = TestReceiver.alwaysOk()) {
            mirror.activeTypes("invoice.paid");
            MirroredEndpoint doomed = endpoint("acme", failing.url("/doomed"), Set.of(), Set.of(), newSecret());
            MirroredEndpoint kept = endpoint("acme", ok.url("/kept"), Set.of(), Set.of(), newSecret());
            mirror.put(doomed, kept);
            Worker worker = Worker.start(fixture.config(Map.of(WorkerConfig.RETRY_SCHEDULE, "2s,2s,2s")));
            try {
                EventId event = fixture.producer.publish(Event.builder("invoice.paid")
                        .tenant("acme")
                        .payload("{}")
                        .build());
                String doomedMessage = event.messageIdFor(doomed.id()).value();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> failing.received().size() == 1);

                mirror.delete(doomed);
                fixture.awaitFinal(List.of(doomedMessage), Duration.ofSeconds(20));

                assertThat(fixture.message(doomedMessage)).hasValueSatisfying(m -> {
                    assertThat(m.status()).isEqualTo(MessageStatus.DEAD);
                    assertThat(m.attempts()).isEqualTo(2);
                });
                List<AttemptView> attempts = fixture.history.attempts(doomedMessage);
                assertThat(attempts.getFirst().statusCode()).isEqualTo(503);
                assertThat(attempts.getLast().errorClass()).isEqualTo("endpoint_deleted");
                assertThat(attempts.getLast().statusCode()).isNull();
                assertThat(fixture.history.findDeadLetter(doomedMessage))
                        .hasValueSatisfying(
                                d -> assertThat(d.reason()).startsWith("endpoint_deleted: endpoint " + doomed.id()));
                assertThat(failing.received())
                        .as("no request after the deletion")
                        .hasSize(1);
                assertThat(ok.delivered())
                        .containsExactly(event.messageIdFor(kept.id()).value());
            } finally {
                worker.close();
            }
            assertThat(fixture.inspect().violations()).isEmpty();
        }
    }
}
