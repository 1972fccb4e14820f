package io.hookshot.spring;

import io.hookshot.producer.InvalidEventException;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.ProducerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The producer's Micrometer meters, fed as its {@link ProducerListener}; all registered at once, so they show 0 before
 * the first call. Tags carry only bounded values. Thread-safe.
 *
 * <ul>
 *   <li>{@value #SENT} (counter): messages Redis accepted;
 *   <li>{@value #PUBLISHED} (counter): events Redis accepted;
 *   <li>{@value #FAILURES} (counter, tags {@code operation} = {@code send} or {@code publish}, {@code reason} =
 *       {@code invalid} or {@code redis}): messages or events of calls that failed;
 *   <li>{@value #LATENCY} (timer, tag {@code operation}): how long each send or publish call took, checks and Redis
 *       round trip included.
 * </ul>
 */
public final class ProducerMeters implements ProducerListener {
    public static final String SENT = "hookshot.producer.messages.sent";
    public static final String PUBLISHED = "hookshot.producer.events.published";
    public static final String FAILURES = "hookshot.producer.failures";
    public static final String LATENCY = "hookshot.producer.enqueue.latency";

    private static final String INVALID = "invalid";
    private static final String REDIS = "redis";

    private final Map<Operation, Counter> accepted = new EnumMap<>(Operation.class);
    private final Map<Operation, Counter> invalid = new EnumMap<>(Operation.class);
    private final Map<Operation, Counter> redisFailures = new EnumMap<>(Operation.class);
    private final Map<Operation, Timer> latency = new EnumMap<>(Operation.class);

    public ProducerMeters(MeterRegistry registry) {
        accepted.put(
                Operation.SEND,
                Counter.builder(SENT)
                        .description("Messages the producer enqueued")
                        .register(registry));
        accepted.put(
                Operation.PUBLISH,
                Counter.builder(PUBLISHED)
                        .description("Events the producer published")
                        .register(registry));
        for (Operation operation : Operation.values()) {
            invalid.put(operation, failures(registry, operation, INVALID));
            redisFailures.put(operation, failures(registry, operation, REDIS));
            latency.put(
                    operation,
                    Timer.builder(LATENCY)
                            .description("How long each send or publish call of the producer took")
                            .tag("operation", tagOf(operation))
                            .register(registry));
        }
    }

    @Override
    public void enqueued(Operation operation, int count, Duration elapsed) {
        accepted.get(operation).increment(count);
        latency.get(operation).record(elapsed);
    }

    @Override
    public void failed(Operation operation, int count, Duration elapsed, RuntimeException error) {
        boolean refused = error instanceof InvalidMessageException || error instanceof InvalidEventException;
        (refused ? invalid : redisFailures).get(operation).increment(count);
        latency.get(operation).record(elapsed);
    }

    private static Counter failures(MeterRegistry registry, Operation operation, String reason) {
        return Counter.builder(FAILURES)
                .description("Messages or events of producer calls that failed: refused as invalid, or Redis failed")
                .tag("operation", tagOf(operation))
                .tag("reason", reason)
                .register(registry);
    }

    private static String tagOf(Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }
}
