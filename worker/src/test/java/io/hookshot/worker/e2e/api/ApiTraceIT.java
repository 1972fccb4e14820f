package io.hookshot.worker.e2e.api;

import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.endpoint;
import static io.hookshot.worker.e2e.fixtures.EndpointsMirror.newSecret;
import static io.hookshot.worker.e2e.fixtures.InMemoryTracing.traceparentOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.common.events.EventId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.api.ApiFixture.Response;
import io.hookshot.worker.e2e.fixtures.EndpointsMirror;
import io.hookshot.worker.e2e.fixtures.InMemoryTracing;
import io.hookshot.worker.run.Worker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code traceparent} header on {@code POST /v1/messages} or {@code POST /v1/tenants/{tenant}/events} is the parent
 * of the delivery attempts' spans, and the receiver gets a {@code traceparent} of that trace.
 */
@ExtendWith(RealServers.class)
class ApiTraceIT {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final Map<String, String> CALLER =
            Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01", "tracestate", "rojo=00f067aa0ba902b7");

    private ApiFixture api;
    private InMemoryTracing tracing;
    private TestReceiver receiver;
    private Worker worker;

    @BeforeEach
    void start(TestServers servers) {
        api = new ApiFixture(servers);
        tracing = new InMemoryTracing();
        receiver = TestReceiver.alwaysOk();
        worker = Worker.start(api.queue.config(Map.of()), new SimpleMeterRegistry(), tracing.sdk());
    }

    @AfterEach
    void stop() {
        worker.close();
        receiver.close();
        tracing.close();
        api.close();
    }

    private void assertAttemptInCallersTrace(String id) {
        SpanData attempt = tracing.awaitAttempts(id, 1).getFirst();
        assertThat(attempt.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(attempt.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(attempt.getSpanContext().getTraceState().get("rojo")).isEqualTo("00f067aa0ba902b7");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !receiver.receivedFor(id).isEmpty());
        assertThat(receiver.receivedFor(id).getFirst().headers())
                .containsEntry("traceparent", traceparentOf(attempt))
                .containsEntry("tracestate", "rojo=00f067aa0ba902b7");
    }

    @Test
    void aMessagePostedWithATraceparentIsDeliveredInThatTrace() {
        String body = "{\"url\":\"" + receiver.url("/orders") + "\",\"payload\":{\"order\":42}}";
        Response posted = api.call("POST", "/v1/messages", body, ApiFixture.TOKEN, CALLER);
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);

        assertAttemptInCallersTrace(posted.json().get("id").asText());
    }

    @Test
    void aMalformedTraceparentIsIgnored() {
        String body = "{\"url\":\"" + receiver.url("/orders") + "\",\"payload\":{}}";
        Response posted =
                api.call("POST", "/v1/messages", body, ApiFixture.TOKEN, Map.of("traceparent", "00-not-a-trace-01"));
        assertThat(posted.status()).as(posted.text()).isEqualTo(202);

        SpanData attempt =
                tracing.awaitAttempts(posted.json().get("id").asText(), 1).getFirst();
        assertThat(attempt.getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void eachMessageOfAnEventPostedWithATraceparentIsDeliveredInThatTrace(TestServers servers) {
        try (EndpointsMirror mirror = new EndpointsMirror(servers.redisUrl(), api.queue.queue)) {
            mirror.activeTypes("invoice.paid");
            MirroredEndpoint billing = endpoint("acme", receiver.url("/billing"), Set.of(), Set.of(), newSecret());
            MirroredEndpoint ledger = endpoint("acme", receiver.url("/ledger"), Set.of(), Set.of(), newSecret());
            mirror.put(billing, ledger);
            String body = "{\"eventType\":\"invoice.paid\",\"payload\":{\"invoice\":7}}";
            Response published = api.call("POST", "/v1/tenants/acme/events", body, ApiFixture.TOKEN, CALLER);
            assertThat(published.status()).as(published.text()).isEqualTo(202);
            EventId event = new EventId(published.json().get("id").asText());

            assertAttemptInCallersTrace(event.messageIdFor(billing.id()).value());
            assertAttemptInCallersTrace(event.messageIdFor(ledger.id()).value());
        }
    }
}
