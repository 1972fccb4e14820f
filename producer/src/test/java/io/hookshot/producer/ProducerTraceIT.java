package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.URL;
import static io.hookshot.producer.ProducerFixture.keysOf;
import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.TraceContext;
import io.hookshot.common.events.EventCodec;
import io.hookshot.common.events.EventKeys;
import io.hookshot.common.events.EventStream;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import io.hookshot.testing.TestServers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;

/**
 * A send or publish inside an application's span (an SDK's, here with an in-memory exporter) keeps the span's W3C
 * trace context with the job or event in Redis; outside a span nothing is kept and the job is written as before.
 */
class ProducerTraceIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                    .build())
            .build();
    private final Tracer tracer = sdk.getTracer("application");

    @AfterEach
    void closeSdk() {
        sdk.close();
    }

    private Job stored(String queue, MessageId id) {
        return fixture.storedJob(queue, URL, id);
    }

    private static String traceparentOf(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex();
    }

    @Test
    void aMessageSentInsideASpanKeepsItsTraceContext() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);
        Span span = tracer.spanBuilder("place order").startSpan();
        List<MessageId> ids;
        try (Scope ignored = span.makeCurrent()) {
            ids = producer.sendAll(List.of(message().build(), message().build()));
        } finally {
            span.end();
        }

        for (MessageId id : ids) {
            assertThat(stored(queue, id).trace())
                    .contains(new TraceContext(traceparentOf(span.getSpanContext()), Optional.empty()));
        }
    }

    @Test
    void theTraceStateIsKeptWithTheTraceparent() {
        String queue = TestServers.newQueue();
        Span span = tracer.spanBuilder("place order")
                .setParent(io.opentelemetry.context.Context.root()
                        .with(Span.wrap(SpanContext.createFromRemoteParent(
                                "4bf92f3577b34da6a3ce929d0e0e4736",
                                "00f067aa0ba902b7",
                                io.opentelemetry.api.trace.TraceFlags.getSampled(),
                                TraceState.builder().put("congo", "t61rcWkgMzE").build()))))
                .startSpan();
        MessageId id;
        try (Scope ignored = span.makeCurrent()) {
            id = fixture.producer(queue).send(message().build());
        } finally {
            span.end();
        }

        assertThat(stored(queue, id).trace())
                .contains(new TraceContext(traceparentOf(span.getSpanContext()), Optional.of("congo=t61rcWkgMzE")));
    }

    @Test
    void aMessageSentOutsideASpanHasNoTraceField() {
        String queue = TestServers.newQueue();

        MessageId id = fixture.producer(queue).send(message().build());

        String data = fixture.redis.hget(keysOf(queue, URL).job(id.value()), "data");
        assertThat(data).doesNotContain("\"trace\"");
        assertThat(JobCodec.decode(data).trace()).isEmpty();
    }

    @Test
    void anEventPublishedInsideASpanKeepsItsTraceContext() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(
                ProducerConfig.defaults(fixture.redisUrl).withQueue(queue).withEventTypesStrict(false));
        Span span = tracer.spanBuilder("pay invoice").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            producer.publish(Event.builder("invoice.paid")
                    .tenant("acme")
                    .payload("{\"invoice\":7}")
                    .build());
        } finally {
            span.end();
        }
        producer.publish(Event.builder("invoice.paid")
                .tenant("acme")
                .payload("{\"invoice\":8}")
                .build());

        RedisKeys keys =
                new RedisKeys(queue, EventKeys.partitionOf(new TenantId("acme"), ProducerConfig.DEFAULT_PARTITIONS));
        List<PublishedEvent> events = fixture.redis.xrange(keys.events(), (StreamEntryID) null, null).stream()
                .map(entry -> EventCodec.decode(entry.getFields().get(EventStream.DATA)))
                .toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).trace())
                .contains(new TraceContext(traceparentOf(span.getSpanContext()), Optional.empty()));
        assertThat(events.get(1).trace()).isEmpty();
    }
}
