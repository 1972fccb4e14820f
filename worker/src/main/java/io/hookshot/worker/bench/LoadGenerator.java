package io.hookshot.worker.bench;

import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import io.hookshot.producer.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a scenario's messages with the real producer or through the admin API ({@link MessageSender}), in one of
 * several ways, telling the {@link ReceiptLog} when each send starts. Not thread-safe (it starts its own threads for
 * {@link #single}).
 */
final class LoadGenerator {
    /**
     * How many messages went out between two instants ({@link System#nanoTime()}), in {@code items} items: the
     * messages themselves, or for {@code publishAll} the events they were fanned out from.
     */
    record Sent(String mode, int count, int items, long startNanos, long endNanos) {
        Sent(String mode, int count, long startNanos, long endNanos) {
            this(mode, count, count, startNanos, endNanos);
        }

        /** Items (messages, or events) handed over per second. */
        double perSecond() {
            return items * 1e9 / Math.max(1, endNanos - startNanos);
        }
    }

    private final MessageSender sender;
    private final ReceiptLog log;

    LoadGenerator(MessageSender sender, ReceiptLog log) {
        this.sender = sender;
        this.log = log;
    }

    /**
     * {@code sendAll} in batches of {@code batchSize}, from this thread; with a sender that has no batch call, one
     * send per message from {@code threads} threads instead.
     */
    Sent batched(List<Message> messages, int batchSize, int threads) {
        if (!sender.batches()) {
            return single(messages, threads);
        }
        long start = System.nanoTime();
        for (int from = 0; from < messages.size(); from += batchSize) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + batchSize));
            long now = System.nanoTime();
            batch.forEach(m -> log.sending(m.id().value(), now));
            sender.sendAll(batch);
        }
        return new Sent(mode("batched"), messages.size(), start, System.nanoTime());
    }

    /**
     * {@code publishAll} of the events in batches of {@code batchSize}, from this thread; each event is fanned out into a
     * message for each of {@code endpoints}, whose send starts with it.
     */
    Sent published(List<Event> events, List<MirroredEndpoint> endpoints, int batchSize) {
        long start = System.nanoTime();
        int messages = 0;
        for (int from = 0; from < events.size(); from += batchSize) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + batchSize));
            long now = System.nanoTime();
            for (Event e : batch) {
                for (String id : BenchEndpoints.messageIds(e, endpoints)) {
                    log.sending(id, now);
                    messages++;
                }
            }
            sender.publishAll(batch);
        }
        return new Sent(mode("publishAll"), messages, events.size(), start, System.nanoTime());
    }

    /**
     * {@code publishAll} of one event at a time, {@code eventsPerSecond} a second from {@code startNanos}, from this
     * thread; late ones go out at once. {@code endpoints} as for {@link #published}.
     */
    Sent publishedPaced(List<Event> events, List<MirroredEndpoint> endpoints, double eventsPerSecond, long startNanos) {
        double intervalNanos = Duration.ofSeconds(1).toNanos() / eventsPerSecond;
        int messages = 0;
        for (int i = 0; i < events.size(); i++) {
            long due = startNanos + (long) (i * intervalNanos);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // the pacing itself: this is the load generator's clock
            }
            Event e = events.get(i);
            long now = System.nanoTime();
            for (String id : BenchEndpoints.messageIds(e, endpoints)) {
                log.sending(id, now);
                messages++;
            }
            sender.publishAll(List.of(e));
        }
        return new Sent(mode("paced publishAll"), messages, events.size(), startNanos, System.nanoTime());
    }

    /** One {@code send} per message, from {@code threads} threads sharing the messages. */
    Sent single(List<Message> messages, int threads) {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(
                threads,
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
        return new Sent(mode("single"), messages.size(), start, System.nanoTime());
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
        return new Sent(mode("paced"), messages.size(), start, System.nanoTime());
    }

    /** The way of sending, and the path when it is not the producer: {@code paced}, {@code paced via api}. */
    private String mode(String way) {
        return sender.via().equals(MessageSender.PRODUCER) ? way : way + " via " + sender.via();
    }

    private void sendOne(Message m) {
        log.sending(m.id().value(), System.nanoTime());
        sender.send(m);
    }

    private static void awaitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r
                        ? r
                        : new IllegalStateException("sending failed", e.getCause());
            }
        }
    }
}
