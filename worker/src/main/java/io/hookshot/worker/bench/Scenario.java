package io.hookshot.worker.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one benchmark scenario sends and what it measures.
 * <ul>
 *   <li>{@link #BURST}: {@code --messages} messages enqueued in batches as fast as the producer can; the receiver
 *       always answers 200. Measures batched enqueue/s and end-to-end deliveries/s.</li>
 *   <li>{@link #FAILING}: the same number of messages, sent one by one from several threads; the receiver answers
 *       503 to a fraction of requests, and the messages carry a short schedule (100 ms base) so retries happen within
 *       the run. Measures single-send enqueue/s and deliveries/s with retries.</li>
 *   <li>{@link #PACED}: single sends at a fixed rate for a fixed time. Measures send-to-receipt latency under
 *       moderate load.</li>
 *   <li>{@link #DELAYED}: messages due a little later, spread over a window (or all at one instant). Measures the
 *       lateness of each first attempt against its due time.</li>
 *   <li>{@link #FANOUT}: events published with {@code publishAll} in batches, each fanned out by the workers to
 *       {@value BenchEndpoints#COUNT} endpoints on the receiver: {@code --messages} deliveries in all. Measures
 *       published events/s and end-to-end deliveries/s, to set beside the burst's.</li>
 *   <li>{@link #OUTAGE}: events at a steady rate to {@value BenchEndpoints#COUNT} endpoints, one of which answers 503
 *       for {@code --outage} and then 200; run twice, with the circuit breaker and without ({@link OutageRuns}).
 *       Measures the attempts against the failing endpoint during the outage, the other endpoints' latency, messages
 *       dead (must be none) and how long its backlog takes to drain after it recovers.</li>
 *   <li>{@link #RATELIMIT}: events to {@value BenchEndpoints#COUNT} endpoints, one of them limited to
 *       {@code --rate-limit} requests per second. Measures the rate the limited endpoint receives (it fails the run
 *       above the limit, see {@link RateLimitScenario}) and the others' rate.</li>
 * </ul>
 */
public enum Scenario {
    BURST,
    FAILING,
    PACED,
    DELAYED,
    FANOUT,
    OUTAGE,
    RATELIMIT;

    /** The name on the command line and in the report. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the scenarios that publish events to registered endpoints (the producer's {@code publishAll}). */
    public boolean publishes() {
        return this == FANOUT || this == OUTAGE || this == RATELIMIT;
    }

    /** True for the scenarios that need the local receiver (its answers or its clock), not {@code --target}. */
    public boolean needsLocalReceiver() {
        return this == OUTAGE || this == RATELIMIT;
    }

    /** Reads one scenario name, or {@code all}. */
    public static List<Scenario> parse(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        if (name.equals("all")) {
            return List.of(values());
        }
        for (Scenario s : values()) {
            if (s.label().equals(name)) {
                return List.of(s);
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + text + "'; expected one of "
                + Arrays.stream(values()).map(Scenario::label).toList() + " or all");
    }
}
