package io.hookshot.worker.e2e.delivery;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static io.hookshot.worker.e2e.fixtures.InMemoryTracing.traceparentOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.InMemoryTracing;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each attempt of a real worker, started with an SDK whose spans go to memory, is a CLIENT span that continues the
 * trace the message was sent in, and the real receiver gets that span's {@code traceparent}.
 */
@ExtendWith(RealServers.class)
class TracedDeliveryIT {
    private WorkerFixture fixture;
    private InMemoryTracing tracing;
    private TestReceiver receiver;
    private Worker worker;

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
        tracing = new InMemoryTracing();
        // The first request of each message answers 503 when its path says so, every other 200.
        receiver = TestReceiver.scripted(
                (request, earlier) -> Answer.status(request.path().startsWith("/flaky") && earlier == 0 ? 503 : 200));
        worker = Worker.start(fixture.config(Map.of()), new SimpleMeterRegistry(), tracing.sdk());
    }

    @AfterEach
    void stop() {
        worker.close();
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        tracing.close();
        fixture.close();
    }

    /** Sends {@code message} inside a span of the application's; returns the span's context and the message id. */
    private Sent sendInSpan(Message message) {
        Span parent = tracing.applicationSpan("place order");
        String id;
        try (Scope ignored = parent.makeCurrent()) {
            id = fixture.producer.send(message).value();
        } finally {
            parent.end();
        }
        return new Sent(parent.getSpanContext(), id);
    }

    private record Sent(SpanContext parent, String id) {}

    private String traceparentReceived(String id, int request) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.receivedFor(id).size() > request);
        return receiver.receivedFor(id).get(request).headers().get("traceparent");
    }

    @Test
    void anAttemptIsAClientSpanInTheSendersTraceAndTheRequestCarriesIt() {
        String url = receiver.url("/orders?token=s3cret&plain");
        Sent sent = sendInSpan(Message.builder(url).payload("{\"order\":42}").build());

        SpanData attempt = tracing.awaitAttempts(sent.id(), 1).getFirst();

        assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attempt.getName()).isEqualTo("POST");
        assertThat(attempt.getTraceId()).isEqualTo(sent.parent().getTraceId());
        assertThat(attempt.getParentSpanId()).isEqualTo(sent.parent().getSpanId());
        assertThat(traceparentReceived(sent.id(), 0)).isEqualTo(traceparentOf(attempt));
        assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(attempt.getAttributes().asMap())
                .containsEntry(AttributeKey.stringKey("http.request.method"), "POST")
                .containsEntry(
                        AttributeKey.stringKey("url.full"),
                        "http://127.0.0.1:" + receiver.port() + "/orders?token=REDACTED&REDACTED")
                .containsEntry(AttributeKey.stringKey("server.address"), "127.0.0.1")
                .containsEntry(AttributeKey.longKey("server.port"), (long) receiver.port())
                .containsEntry(AttributeKey.longKey("http.response.status_code"), 200L)
                .containsEntry(InMemoryTracing.MESSAGE_ID, sent.id())
                .containsEntry(AttributeKey.longKey("hookshot.attempt"), 1L)
                .doesNotContainKey(AttributeKey.stringKey("error.type"));
    }

    @Test
    void aFailedAttemptHasItsStatusCodeAndErrorAndTheRetryStaysInTheTrace() {
        Sent sent =
                sendInSpan(Message.builder(receiver.url("/flaky")).payload("{}").build());

        List<SpanData> attempts = tracing.awaitAttempts(sent.id(), 2);

        SpanData failed = attempts.get(0);
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getAttributes().asMap())
                .containsEntry(AttributeKey.longKey("http.response.status_code"), 503L)
                .containsEntry(AttributeKey.stringKey("error.type"), "503")
                .containsEntry(AttributeKey.longKey("hookshot.attempt"), 1L);
        SpanData retried = attempts.get(1);
        assertThat(retried.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(200L);
        assertThat(retried.getAttributes().get(AttributeKey.longKey("hookshot.attempt")))
                .isEqualTo(2L);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.getTraceId()).isEqualTo(sent.parent().getTraceId());
            assertThat(a.getParentSpanId()).isEqualTo(sent.parent().getSpanId());
        });
        assertThat(traceparentReceived(sent.id(), 0)).isEqualTo(traceparentOf(failed));
        assertThat(traceparentReceived(sent.id(), 1)).isEqualTo(traceparentOf(retried));
    }

    @Test
    void aMessageSentOutsideASpanGetsATraceOfItsOwnFromTheWorker() {
        String id = fixture.producer
                .send(Message.builder(receiver.url("/untraced")).payload("{}").build())
                .value();

        SpanData attempt = tracing.awaitAttempts(id, 1).getFirst();

        assertThat(attempt.getParentSpanContext().isValid()).isFalse();
        assertThat(traceparentReceived(id, 0)).isEqualTo(traceparentOf(attempt));
    }

    @Test
    void eachMessageOfAnEventKeepsTheTraceItWasPublishedIn(TestServers servers) {
        try (EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), fixture.queue)) {
            mirror.activeTypes("invoice.paid");
            MirroredEndpoint billing = endpoint("acme", receiver.url("/billing"), Set.of(), Set.of(), newSecret());
            MirroredEndpoint ledger = endpoint("acme", receiver.url("/ledger"), Set.of(), Set.of(), newSecret());
            mirror.put(billing, ledger);
            Span parent = tracing.applicationSpan("pay invoice");
            EventId event;
            try (Scope ignored = parent.makeCurrent()) {
                event = fixture.producer.publish(Event.builder("invoice.paid")
                        .tenant("acme")
                        .payload("{\"invoice\":7}")
                        .build());
            } finally {
                parent.end();
            }

            for (MirroredEndpoint e : List.of(billing, ledger)) {
                String id = event.messageIdFor(e.id()).value();
                SpanData attempt = tracing.awaitAttempts(id, 1).getFirst();
                assertThat(attempt.getTraceId())
                        .isEqualTo(parent.getSpanContext().getTraceId());
                assertThat(attempt.getParentSpanId())
                        .isEqualTo(parent.getSpanContext().getSpanId());
                assertThat(traceparentReceived(id, 0)).isEqualTo(traceparentOf(attempt));
            }
        }
    }
}
