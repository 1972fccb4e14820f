package io.hookshot.worker.run;

/**
 * The run loop's monotonic time source, read where the loop decides when to look again: {@link #SYSTEM} in
 * production, a manual one in tests. Readings mean something only relative to each other, as those of
 * {@link System#nanoTime()} do. Implementations are thread-safe.
 */
@FunctionalInterface
interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanoTime();
}
