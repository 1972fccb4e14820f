package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.testing.ReadmeExample;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.InMemoryTracing;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's OpenTelemetry example is this class's {@link #readmeExample} body, word for word, and it runs: the
 * message it sends inside the application's span is delivered by a real worker in that trace.
 */
@ExtendWith(RealServers.class)
class ReadmeTracingExampleIT {
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_FILE = Path.of(
            "src", "test", "java", "io", "hookshot", "worker", "e2e", "delivery", "ReadmeTracingExampleIT.java");

    /** Returns the span it sends in, for the test; the README shows the body between the markers. */
    private static Span readmeExample(OpenTelemetry openTelemetry, HookshotProducer hookshot, String ordersUrl) {
        // README:begin
        Tracer tracer = openTelemetry.getTracer("orders"); // your SDK's, or GlobalOpenTelemetry.get() with the agent
        Span span = tracer.spanBuilder("place order").startSpan();
        try (Scope scope = span.makeCurrent()) {
            hookshot.send(Message.builder(ordersUrl).payload("{\"order\":42}").build()); // kept with the message
        } finally {
            span.end();
        }
        // README:end
        return span;
    }

    @Test
    void theReadmeShowsThisExampleWordForWord() {
        ReadmeExample.assertShownWordForWord(README, "Tracer tracer = ", THIS_FILE);
    }

    @Test
    void theReadmeExamplesMessageIsDeliveredInItsSpansTrace(TestServers servers) {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                InMemoryTracing tracing = new InMemoryTracing();
                TestReceiver receiver = TestReceiver.alwaysOk();
                Worker worker = Worker.start(fixture.config(Map.of()), new SimpleMeterRegistry(), tracing.sdk())) {
            Span span = readmeExample(tracing.sdk(), fixture.producer, receiver.url("/orders"));

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> receiver.received().size() == 1);
            String id = receiver.received().getFirst().webhookId();
            SpanData attempt = tracing.awaitAttempts(id, 1).getFirst();
            assertThat(attempt.getParentSpanId())
                    .isEqualTo(span.getSpanContext().getSpanId());
            assertThat(receiver.received().getFirst().headers())
                    .containsEntry("traceparent", InMemoryTracing.traceparentOf(attempt));
        }
    }
}
