package io.hookshot.worker.replay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Spaces out work to at most {@code perSecond} items a second: item {@code n} starts no earlier than
 * {@code n / perSecond} seconds after the first. Not thread-safe: one pacer per loop.
 */
final class Pacer {
    private final long intervalNanos;
    private long start = -1;
    private long count;

    Pacer(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 a second, got " + perSecond);
        }
        this.intervalNanos = Duration.ofSeconds(1).toNanos() / perSecond;
    }

    /** Waits until the next item may start; throws when the thread is interrupted meanwhile. */
    void awaitTurn() throws InterruptedException {
        long now = System.nanoTime();
        if (start < 0) {
            start = now;
        }
        long due = start + count * intervalNanos;
        count++;
        if (due > now) {
            TimeUnit.NANOSECONDS.sleep(due - now);
        }
    }
}
