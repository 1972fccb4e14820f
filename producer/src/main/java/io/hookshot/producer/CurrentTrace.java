package io.hookshot.producer;

import io.hookshot.common.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The W3C trace context of the calling thread's current span ({@link Context#current()}), as the producer keeps it
 * with each message and event it sends, so that the worker's attempts continue the sender's trace. Only the
 * OpenTelemetry API is needed: the span is whatever the application's SDK or the Java agent made current, and with
 * neither there is none, so nothing is kept and the check costs one thread-local read. Thread-safe (stateless).
 */
final class CurrentTrace {
    private static final TextMapSetter<Map<String, String>> SETTER = (headers, name, value) -> {
        if (headers != null) {
            headers.put(name, value);
        }
    };

    private CurrentTrace() {}

    /** The current span's {@code traceparent} and {@code tracestate}; empty without a valid current span. */
    static Optional<TraceContext> capture() {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>(4);
        W3CTraceContextPropagator.getInstance().inject(context, headers, SETTER);
        String traceparent = headers.get(TraceContext.TRACEPARENT);
        return traceparent == null
                ? Optional.empty()
                : Optional.of(new TraceContext(traceparent, Optional.ofNullable(headers.get(TraceContext.TRACESTATE))));
    }
}
