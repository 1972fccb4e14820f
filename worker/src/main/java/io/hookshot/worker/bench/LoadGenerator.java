package io.hookshot.worker.bench;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a scenario's messages with the real producer, in one of three ways, telling the {@link ReceiptLog} when each
 * send starts. Not thread-safe (it starts its own threads for {@link #single}).
 */
final class LoadGenerator {
    /** How many messages went out between two instants ({@link System#nanoTime()}). */
    record Sent(String mode, int count, long startNanos, long endNanos) {
        double perSecond() {
            return count * 1e9 / Math.max(1, endNanos - startNanos);
        }
    }

    private final HookshotProducer producer;
    private final ReceiptLog log;

    LoadGenerator(HookshotProducer producer, ReceiptLog log) {
        this.producer = producer;
        this.log = log;
    }

    /** {@code sendAll} in batches of {@code batchSize}, from this thread. */
    Sent batched(List<Message> messages, int batchSize) {
        long start = System.nanoTime();
        for (int from = 0; from < messages.size(); from += batchSize) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + batchSize));
            long now = System.nanoTime();
            batch.forEach(m -> log.sending(m.id().value(), now));
            producer.sendAll(batch);
        }
        return new Sent("batched", messages.size(), start, System.nanoTime());
    }

    /** One {@code send} per message, from {@code threads} threads sharing the messages. */
    Sent single(List<Message> messages, int threads) {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("hookshot-bench-send-", 1).daemon().factory())) {
            List<Future<?>> done = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < messages.size(); i += threads) {
                        sendOne(messages.get(i));
                    }
                }));
            }
            awaitAll(done);
        }
        return new Sent("single", messages.size(), start, System.nanoTime());
    }

    /** One {@code send} per message at {@code rate} per second, from this thread; late sends go out at once. */
    Sent paced(List<Message> messages, int rate) {
        long start = System.nanoTime();
        long intervalNanos = Duration.ofSeconds(1).toNanos() / rate;
        for (int i = 0; i < messages.size(); i++) {
            long due = start + i * intervalNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // the pacing itself: this is the load generator's clock
            }
            sendOne(messages.get(i));
        }
        return new Sent("paced", messages.size(), start, System.nanoTime());
    }

    private void sendOne(Message m) {
        log.sending(m.id().value(), System.nanoTime());
        producer.send(m);
    }

    private static void awaitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException("sending failed", e.getCause());
            }
        }
    }
}
