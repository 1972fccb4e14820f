package io.hookshot.common;

import java.util.Objects;
import java.util.Optional;

/**
 * The W3C Trace Context a message was sent in: the {@code traceparent} and {@code tracestate} header values of the
 * producer's current span, kept with the job so that each delivery attempt continues that trace. Plain text here
 * (the contract module knows no tracing library); the producer writes and the worker reads the values with
 * OpenTelemetry's W3C propagator. Immutable.
 *
 * @param traceparent the {@value #TRACEPARENT} value, like {@code 00-<trace id>-<span id>-01}
 * @param tracestate  the {@value #TRACESTATE} value, or empty when the producer's span had none
 */
public record TraceContext(String traceparent, Optional<String> tracestate) {
    /** The W3C header that carries the trace and parent span ids; the worker sets it, a message may not. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C header that carries vendors' trace state; the worker sets it, a message may not. */
    public static final String TRACESTATE = "tracestate";

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        if (traceparent.isBlank()) {
            throw new IllegalArgumentException("traceparent is blank");
        }
        tracestate = Objects.requireNonNull(tracestate, "tracestate").filter(s -> !s.isBlank());
    }
}
