package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker with the OpenTelemetry API alone (no SDK, no agent: {@code GlobalOpenTelemetry} has nothing registered)
 * makes no spans, yet passes the sender's trace context on unchanged; a message sent outside a trace gets no trace
 * header. It never fixes the global instance to the no-op one, so an application may register its SDK later.
 */
@ExtendWith(RealServers.class)
class UntracedWorkerIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    private WorkerFixture fixture;
    private TestReceiver receiver;
    private Worker worker;

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
        receiver = TestReceiver.alwaysOk();
        worker = Worker.start(fixture.config(Map.of()));
    }

    @AfterEach
    void stop() {
        worker.close();
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        fixture.close();
    }

    private Map<String, String> headersReceived(String id) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !receiver.receivedFor(id).isEmpty());
        return receiver.receivedFor(id).getFirst().headers();
    }

    @Test
    void theSendersTraceContextReachesTheReceiverUnchanged() {
        // What the agent or an SDK makes current in the sending application: here a span context alone.
        SpanContext sender = SpanContext.create(
                TRACE_ID,
                SPAN_ID,
                TraceFlags.getSampled(),
                TraceState.builder().put("congo", "t61rcWkgMzE").build());
        String id;
        try (Scope ignored = Span.wrap(sender).makeCurrent()) {
            id = fixture.producer
                    .send(Message.builder(receiver.url("/traced")).payload("{}").build())
                    .value();
        }

        Map<String, String> headers = headersReceived(id);

        assertThat(headers)
                .containsEntry("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01")
                .containsEntry("tracestate", "congo=t61rcWkgMzE");
        assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    }

    @Test
    void aMessageSentOutsideATraceGetsNoTraceHeader() {
        String id = fixture.producer
                .send(Message.builder(receiver.url("/untraced")).payload("{}").build())
                .value();

        assertThat(headersReceived(id)).doesNotContainKeys("traceparent", "tracestate");
        assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    }
}
