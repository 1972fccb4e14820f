package io.hookshot.testing;

import io.hookshot.testing.TestReceiver.Receipt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** What a scripted {@link TestReceiver} saw and answered, per webhook id. Thread-safe. */
final class Receipts {
    private final Queue<Receipt> all = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> requestsById = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> successesById = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstAnswerById = new ConcurrentHashMap<>();

    /** Records a request; returns how many requests its webhook id had before (0 without an id). */
    int add(Receipt receipt) {
        all.add(receipt);
        String id = receipt.webhookId();
        return id == null
                ? 0
                : requestsById.computeIfAbsent(id, k -> new AtomicInteger()).getAndIncrement();
    }

    void answered(Receipt receipt, int status) {
        String id = receipt.webhookId();
        if (id == null) {
            return;
        }
        firstAnswerById.putIfAbsent(id, Instant.now());
        if (status / 100 == 2) {
            successesById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    List<Receipt> all() {
        return List.copyOf(all);
    }

    List<Receipt> forId(String id) {
        return all.stream().filter(r -> id.equals(r.webhookId())).toList();
    }

    Set<String> delivered() {
        return Set.copyOf(successesById.keySet());
    }

    long repeatedRequests() {
        return beyondFirst(requestsById);
    }

    long duplicates() {
        return beyondFirst(successesById);
    }

    int successes(String id) {
        AtomicInteger n = successesById.get(id);
        return n == null ? 0 : n.get();
    }

    Optional<Instant> firstAnswer(String id) {
        return Optional.ofNullable(firstAnswerById.get(id));
    }

    private static long beyondFirst(Map<String, AtomicInteger> counts) {
        return counts.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
    }
}
