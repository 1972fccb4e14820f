package io.hookshot.worker.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which endpoints this worker is busiest with, so that the endpoint meters can name a few of them and sum the rest:
 * deliveries count each attempt ({@link #count}), and each meter refresh takes the counts since the one before into a
 * score that halves about every half minute ({@link #busiest}). Holds at most {@link #MAX_ENDPOINTS} endpoints.
 * Thread-safe: deliveries count, one refresh thread ranks.
 */
public final class EndpointTraffic {
    /** The most endpoints counted and scored at once; attempts at others are not ranked until some leave. */
    static final int MAX_ENDPOINTS = 10_000;
    /** What is left of a score at each ranking: at a refresh every 5 s, it halves in about 33 s. */
    static final double DECAY = 0.9;
    /** A score below this is forgotten. */
    private static final double FORGOTTEN = 0.01;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, Double> scores = new HashMap<>();

    /** Counts one attempt at {@code endpoint} (an origin or a registered endpoint's id). */
    public void count(String endpoint) {
        LongAdder n = counts.get(endpoint);
        if (n == null) {
            if (counts.size() >= MAX_ENDPOINTS) {
                return;
            }
            n = counts.computeIfAbsent(endpoint, e -> new LongAdder());
        }
        n.increment();
    }

    /** The {@code n} busiest endpoints by score, after adding the attempts counted since the last call. */
    synchronized Set<String> busiest(int n) {
        scores.replaceAll((endpoint, score) -> score * DECAY);
        counts.forEach((endpoint, count) -> {
            long attempts = count.sumThenReset();
            if (attempts > 0) {
                scores.merge(endpoint, (double) attempts, Double::sum);
            }
        });
        scores.values().removeIf(score -> score < FORGOTTEN);
        counts.keySet().retainAll(scores.keySet());
        return scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(n)
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
