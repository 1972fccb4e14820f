package io.hookshot.worker.run;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when the test moves it. It starts below zero, as {@link System#nanoTime()} may.
 * Thread-safe.
 */
final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(-Duration.ofHours(1).toNanos());

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
