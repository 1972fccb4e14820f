package io.hookshot.worker.e2e.await;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.producer.DeliveryOutcome;
import io.hookshot.producer.Event;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.testing.ReadmeExample;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's "Awaiting the outcome" example is this class's {@link #readmeExample} body, word for word, and it runs
 * against a real worker: the message's outcome and the event's, one per endpoint.
 */
@ExtendWith(RealServers.class)
class AwaitReadmeExampleIT {
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_FILE =
            Path.of("src", "test", "java", "io", "hookshot", "worker", "e2e", "await", "AwaitReadmeExampleIT.java");

    /** What the example says of the message, and the outcomes of the event. */
    private record Said(String said, List<DeliveryOutcome> perEndpoint) {}

    private static Said readmeExample(HookshotProducer hookshot, String ordersUrl) throws Exception {
        // README:begin
        CompletableFuture<DeliveryOutcome> outcome = hookshot.sendAndAwait(
                Message.builder(ordersUrl).payload("{\"order\":42}").build());
        String said = switch (outcome.get(1, TimeUnit.MINUTES)) { // or outcome.thenAccept(...), without blocking
            case DeliveryOutcome.Delivered d -> "delivered: " + d.statusCode() + " after " + d.attempts() + " attempts";
            case DeliveryOutcome.Dead d ->
                "dead: " + d.reason() + ", last status " + d.lastStatus().orElse(0);
        };
        List<DeliveryOutcome> perEndpoint = hookshot.publishAndAwait(Event.builder("invoice.paid")
                        .tenant("acme")
                        .payload("{\"invoice\":7}")
                        .build())
                .get(1, TimeUnit.MINUTES); // one per endpoint that took it, in endpoint id order; none: empty
        // README:end
        return new Said(said, perEndpoint);
    }

    @Test
    void theReadmeShowsThisExampleWordForWord() {
        ReadmeExample.assertShownWordForWord(README, "CompletableFuture<DeliveryOutcome> outcome", THIS_FILE);
    }

    @Test
    void theReadmeExampleGetsTheOutcomes(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk();
                EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue);
                Worker worker = Worker.start(fixture.config(Map.of()))) {
            mirror.activeTypes("invoice.paid");
            mirror.put(endpoint("acme", receiver.url("/invoices"), Set.of(), Set.of(), newSecret()));

            Said result = readmeExample(fixture.producer, receiver.url("/orders"));

            assertThat(result.said()).isEqualTo("delivered: 200 after 1 attempts");
            assertThat(result.perEndpoint())
                    .singleElement()
                    .isInstanceOfSatisfying(
                            DeliveryOutcome.Delivered.class,
                            d -> assertThat(d.statusCode()).isEqualTo(200));
        }
    }
}
