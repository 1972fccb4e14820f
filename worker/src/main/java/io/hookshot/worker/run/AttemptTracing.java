package io.hookshot.worker.run;

import io.hookshot.common.Job;
import io.hookshot.common.TraceContext;
import io.hookshot.worker.http.DispatchResult;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One OpenTelemetry span per delivery attempt, as the HTTP client semantic conventions describe it:
 * <ol>
 *   <li>Kind {@link SpanKind#CLIENT}, named {@value #SPAN_NAME}; its parent is the trace context the message was sent
 *       in ({@link Job#trace()}), else none (a new trace).</li>
 *   <li>Attributes {@code http.request.method}, {@code server.address}, {@code server.port}, and while the span
 *       records, {@code url.full} ({@link SpanUrl}: every query value redacted), {@code hookshot.message.id} and
 *       {@code hookshot.attempt}; then {@code http.response.status_code} when a response came.</li>
 *   <li>The request carries the span's {@code traceparent} (and {@code tracestate}) from the W3C propagator, in place
 *       of any the message had. Without an SDK, the no-op API's span is the stored parent itself, so the request
 *       still continues the sender's trace; without either, no trace header is sent.</li>
 *   <li>Anything but a 2xx sets the status to error, with {@code error.type}: the status code, or the error class
 *       ({@code timeout}, {@code connect}, ...) when no response came.</li>
 * </ol>
 * With the no-op API this costs a few small objects per attempt: attributes beyond the first three are set only on a
 * span that {@linkplain Span#isRecording() records}. Thread-safe.
 */
final class AttemptTracing {
    /** The instrumentation scope of the spans. */
    static final String SCOPE = "io.hookshot.worker";
    /** The span name the HTTP client conventions give a request without a URL template: its method. */
    static final String SPAN_NAME = "POST";

    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("hookshot.message.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("hookshot.attempt");

    private static final Tracer NOOP = OpenTelemetry.noop().getTracer(SCOPE);
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<TraceContext> STORED = (stored, name) -> {
        if (stored == null) {
            return null;
        }
        return switch (name) {
            case TraceContext.TRACEPARENT -> stored.traceparent();
            case TraceContext.TRACESTATE -> stored.tracestate().orElse(null);
            default -> null;
        };
    };

    /** Null while the spans go to {@link GlobalOpenTelemetry} and no instance is registered there yet. */
    private volatile Tracer tracer;

    private AttemptTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Spans from {@code openTelemetry}: an application's SDK, or {@link OpenTelemetry#noop()}. */
    static AttemptTracing of(OpenTelemetry openTelemetry) {
        return new AttemptTracing(
                Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE));
    }

    /**
     * Spans from {@link GlobalOpenTelemetry}, where the Java agent or an application's SDK registers itself. Until one
     * is registered the spans are no-ops, and the global instance is not asked for (asking would fix it to the no-op
     * one, and an SDK registered later would be refused).
     */
    static AttemptTracing global() {
        return new AttemptTracing(null);
    }

    /**
     * Runs {@code attempt} inside the attempt's span, with the trace headers added to {@code headers} (mutable: the
     * worker's headers of this attempt), and ends the span with what it came to.
     */
    DispatchResult traced(
            Job job,
            int attemptNumber,
            Map<String, String> headers,
            Function<Map<String, String>, DispatchResult> attempt) {
        Span span = start(job, attemptNumber);
        Scope scope = span.makeCurrent();
        try {
            W3C.inject(Context.current(), headers, (carrier, name, value) -> carrier.put(name, value));
            DispatchResult result = attempt.apply(headers);
            if (span.isRecording()) {
                record(span, result);
            }
            return result;
        } catch (RuntimeException e) { // a bug, not a receiver's doing: still close the span, as failed
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            scope.close();
            span.end();
        }
    }

    private Span start(Job job, int attemptNumber) {
        Context parent = job.trace()
                .map(stored -> W3C.extract(Context.root(), stored, STORED))
                .orElse(Context.root());
        Span span = tracer().spanBuilder(SPAN_NAME)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(HTTP_REQUEST_METHOD, SPAN_NAME)
                .setAttribute(SERVER_ADDRESS, SpanUrl.serverAddress(job.url()))
                .setAttribute(SERVER_PORT, SpanUrl.serverPort(job.url()))
                .startSpan();
        if (span.isRecording()) {
            span.setAttribute(URL_FULL, SpanUrl.full(job.url()));
            span.setAttribute(MESSAGE_ID, job.id().value());
            span.setAttribute(ATTEMPT, attemptNumber);
        }
        return span;
    }

    private static void record(Span span, DispatchResult result) {
        switch (result) {
            case DispatchResult.Delivered d -> span.setAttribute(HTTP_RESPONSE_STATUS_CODE, d.statusCode());
            case DispatchResult.Rejected r -> {
                span.setAttribute(HTTP_RESPONSE_STATUS_CODE, r.statusCode());
                span.setAttribute(ERROR_TYPE, Integer.toString(r.statusCode()));
                span.setStatus(StatusCode.ERROR);
            }
            case DispatchResult.Unreachable u -> {
                span.setAttribute(ERROR_TYPE, u.errorClass().wireName());
                span.setStatus(StatusCode.ERROR, u.message());
            }
        }
    }

    private Tracer tracer() {
        Tracer t = tracer;
        if (t != null) {
            return t;
        }
        if (!GlobalOpenTelemetry.isSet()) {
            return NOOP;
        }
        t = GlobalOpenTelemetry.get().getTracer(SCOPE);
        tracer = t;
        return t;
    }
}
