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
 * </ul>
 */
public enum Scenario {
    BURST,
    FAILING,
    PACED,
    DELAYED,
    FANOUT;

    /** The name on the command line and in the report. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
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
