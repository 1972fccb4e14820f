package io.hookshot.producer;

import java.time.Duration;

/**
 * Told of the outcome of each {@link HookshotProducer#sendAll send} and {@link HookshotProducer#publishAll publish}
 * call, for metrics (the Spring Boot starter counts and times them with Micrometer). Give one to
 * {@link HookshotProducer#create(ProducerConfig, ProducerListener)}.
 *
 * <p>Called on the sending thread, after the call: an implementation must be thread-safe and quick, and must not
 * throw. Calls with nothing to send or publish, and calls on a closed producer, are not reported.
 */
public interface ProducerListener {
    /** A listener that ignores everything: the default. */
    ProducerListener NONE = new ProducerListener() {};

    /** What the producer was asked to do. */
    enum Operation {
        /** {@link HookshotProducer#send} or {@link HookshotProducer#sendAll}: messages. */
        SEND,
        /** {@link HookshotProducer#publish} or {@link HookshotProducer#publishAll}: events. */
        PUBLISH
    }

    /**
     * {@code count} messages or events were accepted by Redis (counting those an idempotency key or an id already
     * queued answered), in one call that took {@code elapsed}, checks included.
     */
    default void enqueued(Operation operation, int count, Duration elapsed) {}

    /**
     * A call of {@code count} messages or events failed after {@code elapsed}: {@code error} is an
     * {@link InvalidMessageException} or {@link InvalidEventException} (nothing was enqueued) or a
     * {@link ProducerException} (Redis failed; some may be enqueued).
     */
    default void failed(Operation operation, int count, Duration elapsed, RuntimeException error) {}
}
