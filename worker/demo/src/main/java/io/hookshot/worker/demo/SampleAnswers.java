package io.hookshot.worker.demo;

import io.hookshot.worker.bench.BenchReceiver;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the demo's receiver (a {@link BenchReceiver}) answers, by the sample's number, the last segment of its path:
 * every {@value #DEAD_EVERY}th always fails (500), so it ends in the dead-letter archive; every
 * {@value #FLAKY_EVERY}th fails its first attempt (503) and is delivered on a retry; the rest succeed. Counts the
 * requests. Thread-safe.
 */
final class SampleAnswers implements BenchReceiver.Answers {
    static final int DEAD_EVERY = 50;
    static final int FLAKY_EVERY = 5;
    private static final String PATH = "/demo/orders/";

    private final ConcurrentHashMap<String, Integer> attemptsById = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    /** The path of sample number {@code n}. */
    static String path(int n) {
        return PATH + n;
    }

    /** Whether sample {@code n} will end dead (every attempt fails). */
    static boolean failsAlways(int n) {
        return n % DEAD_EVERY == 0;
    }

    long requests() {
        return requests.get();
    }

    @Override
    public int status(String path, String webhookId) {
        requests.incrementAndGet();
        int n;
        try {
            n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return 404;
        }
        if (failsAlways(n)) {
            return 500;
        }
        int attempt = attemptsById.merge(String.valueOf(webhookId), 1, Integer::sum);
        return n % FLAKY_EVERY == 1 && attempt == 1 ? 503 : 200;
    }
}
