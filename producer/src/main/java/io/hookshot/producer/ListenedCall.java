package io.hookshot.producer;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Runs one send or publish call and tells a {@link ProducerListener} how it went. Stateless. */
final class ListenedCall {
    private ListenedCall() {}

    /**
     * Runs {@code call} for {@code count} messages or events and reports it to {@code listener}: its result, or the
     * invalid input or Redis failure it threw (rethrown). Nothing is reported for an empty call.
     */
    static <T> List<T> run(
            ProducerListener listener, ProducerListener.Operation operation, int count, Supplier<List<T>> call) {
        long start = System.nanoTime();
        try {
            List<T> result = call.get();
            if (count > 0) {
                listener.enqueued(operation, count, Duration.ofNanos(System.nanoTime() - start));
            }
            return result;
        } catch (InvalidMessageException | InvalidEventException | ProducerException e) {
            listener.failed(operation, count, Duration.ofNanos(System.nanoTime() - start), e);
            throw e;
        }
    }
}
