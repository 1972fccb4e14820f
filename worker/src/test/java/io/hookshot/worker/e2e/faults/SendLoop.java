package io.hookshot.worker.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A producer sending one message at a time on its own thread, as an application would: a send that throws is sent
 * again (the same message, so the same id and idempotency key) until it is acknowledged, for at most
 * {@link #MAX_RETRYING} per message. As fast as it can, or paced at a rate. Thread-safe.
 */
final class SendLoop implements AutoCloseable {
    static final Duration MAX_RETRYING = Duration.ofSeconds(60);
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(20);

    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    private final AtomicReference<Instant> firstFailure = new AtomicReference<>();
    private final AtomicReference<Instant> recovered = new AtomicReference<>();
    private final AtomicReference<Throwable> gaveUp = new AtomicReference<>();
    private final Thread thread;

    private SendLoop(HookshotProducer producer, int count, double perSecond, IntFunction<Message> message) {
        thread = Thread.ofVirtual().name("send-loop").start(() -> {
            long start = System.nanoTime();
            try {
                for (int i = 0; i < count; i++) {
                    long due = start + (long) (i * 1e9 / perSecond);
                    TimeUnit.NANOSECONDS.sleep(due - System.nanoTime());
                    Message m = message.apply(i);
                    await().atMost(MAX_RETRYING)
                            .pollDelay(Duration.ZERO)
                            .pollInterval(RETRY_INTERVAL)
                            .until(() -> trySend(producer, m));
                }
            } catch (Throwable e) {
                gaveUp.set(e);
            }
        });
    }

    /** Starts sending {@code count} messages, the i-th built by {@code message}. */
    static SendLoop start(HookshotProducer producer, int count, IntFunction<Message> message) {
        return new SendLoop(producer, count, Double.POSITIVE_INFINITY, message);
    }

    /** Starts sending {@code count} messages, at most {@code perSecond} a second, the i-th built by {@code message}. */
    static SendLoop paced(HookshotProducer producer, int count, double perSecond, IntFunction<Message> message) {
        return new SendLoop(producer, count, perSecond, message);
    }

    private boolean trySend(HookshotProducer producer, Message m) {
        try {
            acknowledged.add(producer.send(m).value());
        } catch (ProducerException e) {
            failures.incrementAndGet();
            Instant now = Instant.now();
            firstFailure.compareAndSet(null, now);
            failingSince.compareAndSet(null, now);
            return false;
        }
        if (failingSince.getAndSet(null) != null) {
            recovered.set(Instant.now());
        }
        return true;
    }

    /** Waits until every message is acknowledged (or the loop gave up, which fails); returns their ids, in order. */
    List<String> awaitAllAcknowledged(Duration atMost) {
        await().atMost(atMost)
                .untilAsserted(() -> assertThat(done())
                        .as("the send loop is done; %d sends acknowledged", acknowledged.size())
                        .isTrue());
        assertThat(gaveUp()).isEmpty();
        return acknowledged();
    }

    /** Ids of the sends acknowledged so far, in order. */
    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    long failures() {
        return failures.get();
    }

    /** How long sends have been failing without a success, or zero. */
    Duration failingFor() {
        Instant since = failingSince.get();
        return since == null ? Duration.ZERO : Duration.between(since, Instant.now());
    }

    Optional<Instant> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /** When the last run of failures ended with an acknowledged send. */
    Optional<Instant> recovered() {
        return Optional.ofNullable(recovered.get());
    }

    boolean done() {
        return !thread.isAlive();
    }

    /** Why the loop stopped early (a message kept failing past {@link #MAX_RETRYING}), if it did. */
    Optional<Throwable> gaveUp() {
        return Optional.ofNullable(gaveUp.get());
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
