package io.hookshot.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes a producer awaits, each a future filed under its notice's key ({@link OutcomeNotice#messageKey},
 * {@link OutcomeNotice#eventKey}):
 * <ol>
 *   <li>A send first takes a slot ({@link #reserve}): at most {@link AwaitSettings#maxPending()} are pending.</li>
 *   <li>A notice from the subscription completes its future ({@link #complete}).</li>
 *   <li>A notice that never came (the subscription was down) is made up for by reading the outcome record: each
 *       pending future's record is read {@link AwaitSettings#pollInterval()} after it was filed, then at doubling
 *       intervals up to {@link AwaitSettings#MAX_POLL_GAP}, all due reads of one tick in one pipeline.</li>
 *   <li>A future still pending at its timeout fails with a {@link TimeoutException}; at {@link #close} every pending
 *       one fails with an {@link IllegalStateException}. Either way its slot is given back.</li>
 * </ol>
 * Thread-safe; the timeouts and reads run on one daemon thread of its own, started by the first {@link #reserve}.
 */
final class OutcomeWaiters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWaiters.class);
    /** The most outcome records one pipeline reads. */
    private static final int READ_BATCH = 1000;

    /** One pending outcome. {@code nextReadNanos} and {@code gapNanos} are touched by the timer thread only. */
    private static final class Waiter {
        final String key;
        final String recordKey;
        final String what;
        final CompletableFuture<OutcomeNotice> future = new CompletableFuture<>();
        long nextReadNanos;
        long gapNanos;
        volatile ScheduledFuture<?> timeout;

        Waiter(String key, String recordKey, String what, long firstGapNanos) {
            this.key = key;
            this.what = what;
            this.recordKey = recordKey;
            this.gapNanos = firstGapNanos;
            this.nextReadNanos = System.nanoTime() + firstGapNanos;
        }
    }

    private final AwaitSettings settings;
    /** Reads outcome records by key, in one round trip: the texts in order, null where there is none. */
    private final Function<List<String>, List<String>> records;

    private final ConcurrentHashMap<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicBoolean reading = new AtomicBoolean();

    OutcomeWaiters(AwaitSettings settings, Function<List<String>, List<String>> records) {
        this.settings = settings;
        this.records = records;
        this.slots = new Semaphore(settings.maxPending());
        this.timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("hookshot-outcomes").daemon().factory());
        // A completed future's timeout leaves the queue at once: memory stays bounded by the pending futures.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Takes a slot for one future; throws {@link TooManyPendingOutcomesException} when none is free. The first call
     * starts the periodic reads (and so the timer's thread): a producer that never awaits has none.
     */
    void reserve() {
        if (!slots.tryAcquire()) {
            throw new TooManyPendingOutcomesException(settings.maxPending());
        }
        if (reading.compareAndSet(false, true)) {
            long tick = settings.pollInterval().toNanos();
            try {
                timer.scheduleWithFixedDelay(this::readDueSafely, tick, tick, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("outcome reads not started: the producer is closed");
            }
        }
    }

    /** Gives back a slot {@link #reserve} took for a future that was never filed (the send failed). */
    void release() {
        slots.release();
    }

    /**
     * Files a future under {@code key}, in a slot {@link #reserve} took; {@code readSoon}: its record is due for a read
     * at once (its notice may have come before it was filed; see {@link #readDueSoon}). A key already pending shares that future (and gives
     * the slot back).
     */
    CompletableFuture<OutcomeNotice> await(
            String key, String recordKey, Duration timeout, String what, boolean readSoon) {
        Waiter waiter = new Waiter(
                key, recordKey, what, readSoon ? 0 : settings.pollInterval().toNanos());
        Waiter earlier = waiters.putIfAbsent(key, waiter);
        if (earlier != null) {
            slots.release();
            return earlier.future;
        }
        waiter.future.whenComplete((notice, failure) -> {
            waiters.remove(key, waiter);
            ScheduledFuture<?> t = waiter.timeout;
            if (t != null) {
                t.cancel(false);
            }
            slots.release();
        });
        try {
            waiter.timeout = timer.schedule(
                    () -> waiter.future.completeExceptionally(new TimeoutException(
                            what + " had no outcome within " + timeout + " (AwaitSettings.timeout)")),
                    timeout.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            waiter.future.completeExceptionally(closed(what));
        }
        ScheduledFuture<?> t = waiter.timeout;
        if (t != null && waiter.future.isDone()) {
            t.cancel(false);
        }
        return waiter.future;
    }

    /** Completes the future the notice is for, if one is pending. */
    void complete(OutcomeNotice notice) {
        Waiter waiter = waiters.get(notice.key());
        if (waiter != null) {
            waiter.future.complete(notice);
        }
    }

    /** Reads every pending record at the next tick: the subscription was down, notices may have been missed. */
    void readAllSoon() {
        try {
            timer.execute(() -> {
                waiters.values().forEach(w -> w.nextReadNanos = System.nanoTime());
                readDueSafely();
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("outcome reads stopped: the producer is closed");
        }
    }

    /** Reads the records due for a read now rather than at the next tick. */
    void readDueSoon() {
        try {
            timer.execute(this::readDueSafely);
        } catch (RejectedExecutionException e) {
            LOG.debug("outcome reads stopped: the producer is closed");
        }
    }

    /** {@link #readDue}, never ending the periodic task (a task that throws is not run again). */
    private void readDueSafely() {
        try {
            readDue();
        } catch (RuntimeException e) {
            LOG.warn("reading outcome records failed; reading them again at the next tick", e);
        }
    }

    /** On the timer thread: reads the records of the futures due for a read, and completes those that have one. */
    private void readDue() {
        long now = System.nanoTime();
        List<Waiter> due = new ArrayList<>();
        for (Waiter w : waiters.values()) {
            if (now - w.nextReadNanos >= 0) {
                due.add(w);
                w.gapNanos = Math.min(
                        Math.max(w.gapNanos, settings.pollInterval().toNanos()) * 2,
                        AwaitSettings.MAX_POLL_GAP.toNanos());
                w.nextReadNanos = now + w.gapNanos;
            }
        }
        for (int from = 0; from < due.size(); from += READ_BATCH) {
            List<Waiter> batch = due.subList(from, Math.min(due.size(), from + READ_BATCH));
            try {
                List<String> texts =
                        records.apply(batch.stream().map(w -> w.recordKey).toList());
                for (int i = 0; i < batch.size(); i++) {
                    if (texts.get(i) != null) {
                        complete(batch.get(i), texts.get(i));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("could not read {} outcome records; reading them again later: {}", batch.size(), e.toString());
            }
        }
    }

    private static void complete(Waiter waiter, String text) {
        try {
            waiter.future.complete(OutcomeNotice.parse(text));
        } catch (IllegalArgumentException e) {
            waiter.future.completeExceptionally(e);
        }
    }

    /** Fails every pending future with an {@link IllegalStateException} and stops the timer. */
    @Override
    public void close() {
        timer.shutdownNow();
        for (Waiter w : List.copyOf(waiters.values())) {
            w.future.completeExceptionally(closed(w.what));
        }
    }

    private static IllegalStateException closed(String what) {
        return new IllegalStateException("the producer was closed before the outcome of " + what + " was known");
    }
}
