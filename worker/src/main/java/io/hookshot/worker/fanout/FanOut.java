package io.hookshot.worker.fanout;

import io.hookshot.worker.queue.PartitionReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's fan-out loop, on a thread of its own: it turns the published events of every partition into messages.
 * <ol>
 *   <li>Visit the partitions whose events stream may hold work: hinted by a publish, due for the poll interval, or
 *       busy (the last read filled a batch).</li>
 *   <li>Read a batch through the consumer group: first what this consumer read before and did not acknowledge (it
 *       was restarted under the same worker id), then new events; now and then take over events another consumer left
 *       unacknowledged longer than {@link FanOutSettings#claimIdle()} (it died mid-fan-out: XAUTOCLAIM).</li>
 *   <li>Fan the batch out ({@link EventFanner}).</li>
 *   <li>When Redis fails, log it, forget the groups (the stream may be new after a restart) and try again after a
 *       backoff up to a second; the batch stays pending and is read again.</li>
 * </ol>
 * Thread-safe: {@link #hint} may be called from any thread.
 */
public final class FanOut implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

    private final FanOutSettings settings;
    private final EventFanner fanner;
    /** Each partition's reader; touched only by the loop's thread. */
    private final List<PartitionReader<StreamedEvent>> partitions;
    /** When each partition is worth reading again ({@link System#nanoTime()}); a hint sets it to now. */
    private final AtomicLongArray nextReadNanos;

    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean stopping;

    public FanOut(RedissonClient redis, FanOutSettings settings) {
        this.settings = settings;
        EventsStream stream = new EventsStream(redis, settings.queue(), settings.partitions());
        this.fanner = new EventFanner(redis, settings, stream, Clock.systemUTC());
        List<PartitionReader<StreamedEvent>> readers = new ArrayList<>(settings.partitions());
        for (int p = 0; p < settings.partitions(); p++) {
            readers.add(new PartitionReader<>(
                    stream.events(), p, settings.consumer(), settings.batchSize(), settings.claimIdle()));
        }
        this.partitions = List.copyOf(readers);
        this.nextReadNanos = new AtomicLongArray(settings.partitions());
        this.thread = Thread.ofPlatform().name("hookshot-fanout").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** An event was published to {@code partition}: read it now rather than after the poll interval. */
    public void hint(int partition) {
        if (partition >= 0 && partition < partitions.size()) {
            nextReadNanos.set(partition, System.nanoTime());
            wake.release();
        }
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (!stopping) {
            Duration wait;
            try {
                wait = round();
                backoff = Duration.ZERO;
            } catch (RuntimeException e) {
                backoff = backoff.isZero()
                        ? FIRST_BACKOFF
                        : backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                LOG.warn(
                        "fan-out failed, trying again in {} ms (the events stay pending): {}",
                        backoff.toMillis(),
                        e.toString());
                partitions.forEach(PartitionReader::afterFailure);
                wait = backoff;
            }
            if (!wait.isZero()) {
                try {
                    wake.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
                    wake.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One pass over the partitions that are due; returns how long to wait before the next (zero: at once). */
    private Duration round() {
        long now = System.nanoTime();
        long soonest = now + settings.pollInterval().toNanos();
        for (int p = 0; p < partitions.size() && !stopping; p++) {
            PartitionReader<StreamedEvent> partition = partitions.get(p);
            long due = Math.min(nextReadNanos.get(p), partition.nextClaimNanos());
            if (due > now) {
                soonest = Math.min(soonest, due);
                continue;
            }
            // Before the read: a hint arriving while it runs moves this back to now, and is not lost.
            nextReadNanos.set(p, now + settings.pollInterval().toNanos());
            int read = drain(p, partition);
            if (read >= settings.batchSize()) {
                nextReadNanos.set(p, System.nanoTime());
            }
            soonest = Math.min(soonest, Math.min(nextReadNanos.get(p), partition.nextClaimNanos()));
        }
        return Duration.ofNanos(Math.max(0, soonest - System.nanoTime()));
    }

    private int drain(int p, PartitionReader<StreamedEvent> partition) {
        PartitionReader.Batch<StreamedEvent> read = partition.next();
        if (read.takenOver() > 0) {
            LOG.info(
                    "took over {} events of partition {} that another worker read and did not fan out",
                    read.takenOver(),
                    p);
        }
        List<StreamedEvent> batch = read.entries();
        if (batch.isEmpty()) {
            return 0;
        }
        EventFanner.Result result = fanner.fanOut(batch);
        LOG.debug("partition {}: fanned out {} events into {} messages", p, result.events(), result.messages());
        return batch.size();
    }

    /** Stops the loop, letting a batch in progress finish (waiting at most 10 s); what is unfinished stays pending. */
    @Override
    public void close() {
        stopping = true;
        wake.release();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                if (!thread.join(Duration.ofSeconds(10))) {
                    LOG.warn(
                            "the fan-out did not stop within 10 s; its events are taken over after {}",
                            settings.claimIdle());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
