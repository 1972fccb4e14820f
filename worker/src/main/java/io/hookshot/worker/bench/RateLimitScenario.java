package io.hookshot.worker.bench;

import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.producer.Event;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One run of {@code ratelimit}: {@value BenchEndpoints#COUNT} registered endpoints on the receiver, the first limited to
 * {@code --rate-limit} requests a second (in the mirror and where the claim script reads it); {@code --messages} /
 * {@value BenchEndpoints#COUNT} events published in batches, one message per endpoint each. Watches the time of every
 * request to the limited endpoint and of every delivery to the others. Thread-safe.
 */
final class RateLimitScenario implements WatchedScenario {
    /**
     * Within its limit the claim script lets a tenth of a second's requests (at least one) go at once (its GCRA's
     * burst, see claim.lua): so many more than the rate can arrive in the first instants.
     */
    static final int BURST_DIVISOR = 10;
    /** How far above its limit the limited endpoint may be served before the run fails: 5 %. */
    static final double TOLERANCE = 0.05;

    private final BenchOptions options;
    private final Set<String> limited = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Long> limitedArrivals = new ConcurrentLinkedQueue<>();
    private final LongAdder othersDelivered = new LongAdder();
    private final AtomicLong lastOtherDelivery = new AtomicLong();
    private volatile long startNanos;

    RateLimitScenario(BenchOptions options) {
        this.options = options;
    }

    @Override
    public LoadGenerator.Sent send(ScenarioRun.Context ctx, LoadGenerator generator, BenchMessages messages, URI url) {
        List<MirroredEndpoint> endpoints =
                BenchEndpoints.seed(ctx.redis(), ctx.queue(), ctx.partitions(), url, Optional.of(options.rateLimit()));
        MirroredEndpoint first = endpoints.getFirst();
        List<Event> events = messages.events(BenchEndpoints.eventsFor(options.messages()), endpoints);
        events.forEach(e -> limited.add(e.id().messageIdFor(first.id()).value()));
        startNanos = System.nanoTime();
        return generator.published(events, endpoints, options.batchSize());
    }

    @Override
    public boolean refuse(String id, long nowNanos) {
        if (limited.contains(id)) {
            limitedArrivals.add(nowNanos);
        }
        return false;
    }

    @Override
    public void delivered(String id, long sentNanos, long nowNanos) {
        if (!limited.contains(id)) {
            othersDelivered.increment();
            lastOtherDelivery.accumulateAndGet(nowNanos, Math::max);
        }
    }

    @Override
    public RateLimitFigures figures(BenchHistory.Counts counts) {
        List<Long> arrivals = new ArrayList<>(limitedArrivals);
        arrivals.sort(null);
        int limit = options.rateLimit();
        long requests = arrivals.size();
        double seconds = requests == 0 ? 0 : Math.max(1, arrivals.getLast() - startNanos) / 1e9;
        double allowed = Math.max(1, limit / BURST_DIVISOR) + limit * (1 + TOLERANCE) * seconds;
        double mean = requests < 2 ? 0 : (requests - 1) * 1e9 / Math.max(1, arrivals.getLast() - arrivals.getFirst());
        long others = othersDelivered.sum();
        double othersSeconds = Math.max(1, lastOtherDelivery.get() - startNanos) / 1e9;
        return new RateLimitFigures(
                limit,
                requests,
                mean,
                maxInOneSecond(arrivals),
                seconds,
                (long) Math.floor(allowed),
                others,
                others == 0 ? 0 : others / othersSeconds);
    }

    /** The most of {@code sorted} (nanosecond instants) within any one second. */
    static int maxInOneSecond(List<Long> sorted) {
        int most = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(j) <= sorted.get(i) - 1_000_000_000L) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }
}
