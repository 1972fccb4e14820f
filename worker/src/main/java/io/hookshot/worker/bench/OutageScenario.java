package io.hookshot.worker.bench;

import io.hookshot.common.RetrySchedule;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One run of {@code outage}: {@value BenchEndpoints#COUNT} registered endpoints on the receiver, events published at a
 * steady {@code --rate} messages a second (one event, one message per endpoint) for {@code --outage} and then
 * {@code --duration} more; the first endpoint answers 503 to every request from the first send until {@code --outage}
 * has passed (its recovery), then 200. The messages' retry schedule is {@link #retrySchedule}: the workers of this run
 * are started with it. Thread-safe (the receiver calls the watch concurrently).
 */
final class OutageScenario implements WatchedScenario {
    private final BenchOptions options;
    private final boolean breaker;
    private final int breakerFailures;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final LatencyRecorder others = new LatencyRecorder();
    private final LongAdder attemptsDuringOutage = new LongAdder();
    private final LongAdder failingAttempts = new LongAdder();
    private final LongAdder backlog = new LongAdder();
    private final LongAdder backlogDelivered = new LongAdder();
    private final AtomicLong lastBacklogDelivery = new AtomicLong();
    private volatile long recoveryNanos = Long.MAX_VALUE;

    /** {@code breaker}: whether the workers run with it; {@code breakerFailures}: their threshold, for the report. */
    OutageScenario(BenchOptions options, boolean breaker, int breakerFailures) {
        this.options = options;
        this.breaker = breaker;
        this.breakerFailures = breakerFailures;
    }

    /**
     * The schedule of an outage's messages: 1 s, doubling, each delay at most half the outage (and at least 1 s), as
     * many as it takes to span twice the outage. A message's retries then outlast the outage even with 20 % jitter,
     * so without the breaker none dies, and its last wait after the recovery is at most half the outage: the run stays
     * short (with the default schedule, a message would wait its 5 min retry).
     */
    static RetrySchedule retrySchedule(Duration outage) {
        Duration cap = Duration.ofSeconds(Math.max(1, outage.toSeconds() / 2));
        List<Duration> delays = new ArrayList<>();
        Duration sum = Duration.ZERO;
        for (Duration d = Duration.ofSeconds(1); sum.compareTo(outage.multipliedBy(2)) < 0; d = d.multipliedBy(2)) {
            Duration delay = d.compareTo(cap) > 0 ? cap : d;
            delays.add(delay);
            sum = sum.plus(delay);
        }
        return new RetrySchedule(delays);
    }

    @Override
    public LoadGenerator.Sent send(ScenarioRun.Context ctx, LoadGenerator generator, BenchMessages messages, URI url) {
        List<MirroredEndpoint> endpoints =
                BenchEndpoints.seed(ctx.redis(), ctx.queue(), ctx.partitions(), url, BenchEndpoints.NO_LIMIT);
        MirroredEndpoint down = endpoints.getFirst();
        long sendingMillis = options.outage().plus(options.pacedFor()).toMillis();
        List<Event> events =
                messages.events(BenchEndpoints.eventsFor(options.rate() * sendingMillis / 1000), endpoints);
        events.forEach(e -> failing.add(e.id().messageIdFor(down.id()).value()));
        long start = System.nanoTime();
        recoveryNanos = start + options.outage().toNanos();
        return generator.publishedPaced(events, endpoints, (double) options.rate() / BenchEndpoints.COUNT, start);
    }

    @Override
    public void sending(String id, long nowNanos) {
        if (failing.contains(id) && nowNanos < recoveryNanos) {
            backlog.increment();
        }
    }

    @Override
    public boolean refuse(String id, long nowNanos) {
        if (!failing.contains(id)) {
            return false;
        }
        failingAttempts.increment();
        if (nowNanos < recoveryNanos) {
            attemptsDuringOutage.increment();
            return true;
        }
        return false;
    }

    @Override
    public void delivered(String id, long sentNanos, long nowNanos) {
        if (!failing.contains(id)) {
            others.recordNanos(nowNanos - sentNanos);
        } else if (sentNanos < recoveryNanos) {
            backlogDelivered.increment();
            lastBacklogDelivery.accumulateAndGet(nowNanos, Math::max);
        }
    }

    @Override
    public OutageFigures figures(BenchHistory.Counts counts) {
        long backlogSize = backlog.sum();
        double drain = backlogSize > 0 && backlogDelivered.sum() == backlogSize
                ? Math.max(0, lastBacklogDelivery.get() - recoveryNanos) / 1e9
                : -1;
        return new OutageFigures(
                breaker,
                breakerFailures,
                options.outage().toMillis() / 1000.0,
                failing.size(),
                backlogSize,
                attemptsDuringOutage.sum(),
                failingAttempts.sum(),
                others.summary(),
                counts.dead(),
                drain);
    }
}
