package io.hookshot.worker.api;

import io.hookshot.common.TraceContext;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.function.Supplier;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) an API request carries, as the parent of what the
 * request sends: within {@link #around} it is the current context, so the producer keeps it with the message or
 * event, and the delivery attempts continue the caller's trace. It takes precedence over the server's own current
 * span (the Java agent's server span, say). A missing or malformed {@code traceparent} changes nothing: the current
 * context stays, as the W3C propagator leaves it. Thread-safe (stateless).
 */
final class RequestTrace {
    private static final TextMapGetter<Context> HEADERS = (ctx, name) -> ctx == null ? null : ctx.header(name);

    private RequestTrace() {}

    /** Runs {@code send} with the request's trace context current, when it carries one. */
    static <T> T around(Context ctx, Supplier<T> send) {
        if (ctx.header(TraceContext.TRACEPARENT) == null) {
            return send.get();
        }
        io.opentelemetry.context.Context parent = W3CTraceContextPropagator.getInstance()
                .extract(io.opentelemetry.context.Context.current(), ctx, HEADERS);
        Scope scope = parent.makeCurrent();
        try {
            return send.get();
        } finally {
            scope.close();
        }
    }
}
