package io.hookshot.worker.run;

import io.hookshot.worker.queue.ClaimResult;
import io.hookshot.worker.queue.ClaimedJob;
import io.hookshot.worker.queue.RedisJobQueue;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claiming loop, on one thread:
 * <ol>
 *   <li>Visit the partitions in turn; claim as many jobs as there are free delivery slots.</li>
 *   <li>Hand each claimed job to the delivery pool; it holds a slot until its HTTP attempt ends.</li>
 *   <li>Remember per partition when it is worth asking again (now, when its earliest delayed job is due, or after
 *       the poll interval when it is empty).</li>
 *   <li>With nothing to claim, sleep until the soonest of those times, woken early by a freed slot or by a pub/sub
 *       hint from {@code enqueue}. Hints may be lost; the poll interval bounds the cost.</li>
 * </ol>
 * Its thread runs {@link #claimRound()} and sleeps as it answers; a test calls that step itself, with a manual
 * {@link Ticker}, and starts no thread. Thread-safe: {@link Hints} may be called from any thread; the step runs on
 * one thread at a time.
 */
final class Fetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
    private static final int MAX_CLAIM = 100;

    /** Tells the fetcher a partition has work sooner than it thought. */
    interface Hints {
        void dueIn(int partition, Duration delay);
    }

    private final RedisJobQueue queue;
    private final Semaphore slots;
    private final Consumer<ClaimedJob> deliver;
    private final Duration pollInterval;
    private final Ticker ticker;
    private final AtomicLongArray nextCheckNanos;
    /** 1 when a hint came for the partition since its last claim started: the claim's answer may be stale. */
    private final AtomicIntegerArray hinted;

    private final Wakeup wakeup = new Wakeup();
    private final Thread thread;
    private volatile boolean stopping;
    private int offset;

    Fetcher(RedisJobQueue queue, Semaphore slots, Duration pollInterval, Ticker ticker, Consumer<ClaimedJob> deliver) {
        this.queue = queue;
        this.slots = slots;
        this.deliver = deliver;
        this.pollInterval = pollInterval;
        this.ticker = ticker;
        this.nextCheckNanos = new AtomicLongArray(queue.settings().partitions());
        this.hinted = new AtomicIntegerArray(queue.settings().partitions());
        long now = ticker.nanoTime(); // every partition is due a look at once (nanoTime may be below zero)
        for (int p = 0; p < nextCheckNanos.length(); p++) {
            nextCheckNanos.set(p, now);
        }
        this.thread = Thread.ofPlatform().name("hookshot-fetcher").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    Hints hints() {
        return (partition, delay) -> {
            long at = ticker.nanoTime() + delay.toNanos();
            nextCheckNanos.accumulateAndGet(partition, at, Math::min);
            hinted.set(partition, 1);
            wakeup.signal();
        };
    }

    /** A delivery slot was freed. */
    void slotFreed() {
        wakeup.signal();
    }

    private void run() {
        while (!stopping) {
            try {
                Duration sleep = claimRound();
                if (!sleep.isZero()) {
                    wakeup.await(sleep);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("claiming failed, trying again in 1 s: {}", e.toString());
                Wakeup.sleepUninterruptibly(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * One pass over the partitions: claims from each that is due a look, handing every job claimed to the delivery
     * pool; returns how long to sleep before the next pass (zero: go again at once). At most the poll interval.
     */
    Duration claimRound() {
        int partitions = nextCheckNanos.length();
        long now = ticker.nanoTime();
        long soonest = now + pollInterval.toNanos();
        boolean claimedAny = false;
        offset = (offset + 1) % partitions;
        for (int i = 0; i < partitions && !stopping; i++) {
            int p = (offset + i) % partitions;
            long due = nextCheckNanos.get(p);
            if (due > now) {
                soonest = Math.min(soonest, due);
                continue;
            }
            int free = slots.availablePermits();
            if (free == 0) {
                return pollInterval;
            }
            hinted.set(p, 0);
            ClaimResult result = queue.claim(p, Math.min(free, MAX_CLAIM));
            claimedAny |= !result.jobs().isEmpty();
            for (ClaimedJob job : result.jobs()) {
                slots.acquireUninterruptibly();
                deliver.accept(job);
            }
            long next =
                    ticker.nanoTime() + result.nextDue().orElse(pollInterval).toNanos();
            nextCheckNanos.set(p, next);
            if (hinted.get(p) == 1) {
                // A hint raced with the claim (a job enqueued or a lease ended after the script ran): keep it.
                next = Math.min(next, ticker.nanoTime());
                nextCheckNanos.accumulateAndGet(p, next, Math::min);
            }
            soonest = Math.min(soonest, next);
        }
        return claimedAny ? Duration.ZERO : Duration.ofNanos(Math.max(0, soonest - ticker.nanoTime()));
    }

    @Override
    public void close() {
        stopping = true;
        wakeup.signal();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
