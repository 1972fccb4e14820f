package io.hookshot.worker.metrics;

import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.QueueDepths;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's gauges, per partition: jobs by state, the age of the oldest ready job, the outbox backlog and the
 * events waiting for the fan-out; and
 * endpoint health ({@link EndpointGauges}). They
 * are read from Redis every {@link #DEFAULT_REFRESH_INTERVAL} on a thread of their own (a few pipelined round
 * trips, see {@link QueueDepths}), never on a scrape; a scrape shows the last refresh. While Redis fails the gauges
 * keep their last values, and the failure is logged once when it starts and once when it ends. Thread-safe.
 */
public final class QueueGauges implements AutoCloseable {
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);
    /** Jobs by {@link #STATE}, per {@link #QUEUE} and {@link #PARTITION}: {@code hookshot_queue_jobs}. */
    public static final String QUEUE_JOBS = "hookshot.queue.jobs";
    /** Age of the oldest ready job, from its creation: {@code hookshot_queue_oldest_ready_age_seconds}. */
    public static final String OLDEST_READY_AGE = "hookshot.queue.oldest.ready.age";
    /** Outbox entries not yet exported to PostgreSQL: {@code hookshot_outbox_lag}. */
    public static final String OUTBOX_LAG = "hookshot.outbox.lag";
    /** Events published and not yet fanned out: {@code hookshot_events_pending}. */
    public static final String EVENTS_PENDING = "hookshot.events.pending";

    public static final String QUEUE = "queue";
    public static final String PARTITION = "partition";
    public static final String STATE = "state";
    /** The values of {@link #STATE}, in the order of {@link #jobs}' second index. */
    static final List<String> STATES = List.of("ready", "delayed", "in_flight", "dead");

    private static final Logger LOG = LoggerFactory.getLogger(QueueGauges.class);
    private static final long NONE_READY = -1;

    private final QueueDepths depths;
    private final EndpointGauges endpoints;
    private final Clock clock;
    private final AtomicLong[][] jobs;
    private final AtomicLong[] outbox;
    private final AtomicLong[] events;
    private final AtomicLong[] oldestReadyCreatedMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hookshot-queue-gauges").daemon().factory());
    private boolean failing;

    public QueueGauges(
            QueueDepths depths,
            EndpointHealthReader health,
            EndpointTraffic traffic,
            String queue,
            int partitions,
            MeterRegistry registry,
            Clock clock) {
        this.depths = depths;
        this.endpoints = new EndpointGauges(health, traffic, queue, registry, clock);
        this.clock = clock;
        this.jobs = new AtomicLong[partitions][STATES.size()];
        this.outbox = new AtomicLong[partitions];
        this.events = new AtomicLong[partitions];
        this.oldestReadyCreatedMs = new AtomicLong[partitions];
        for (int p = 0; p < partitions; p++) {
            Tags tags = Tags.of(QUEUE, queue, PARTITION, Integer.toString(p));
            for (int s = 0; s < STATES.size(); s++) {
                jobs[p][s] = new AtomicLong();
                Gauge.builder(QUEUE_JOBS, jobs[p][s], AtomicLong::get)
                        .tags(tags)
                        .tag(STATE, STATES.get(s))
                        .description("Jobs in the queue by state, at the last refresh")
                        .register(registry);
            }
            outbox[p] = new AtomicLong();
            Gauge.builder(OUTBOX_LAG, outbox[p], AtomicLong::get)
                    .tags(tags)
                    .description("Outbox entries not yet exported to PostgreSQL, at the last refresh")
                    .register(registry);
            events[p] = new AtomicLong();
            Gauge.builder(EVENTS_PENDING, events[p], AtomicLong::get)
                    .tags(tags)
                    .description("Events published and not yet fanned out, at the last refresh")
                    .register(registry);
            oldestReadyCreatedMs[p] = new AtomicLong(NONE_READY);
            Gauge.builder(OLDEST_READY_AGE, oldestReadyCreatedMs[p], this::ageSeconds)
                    .tags(tags)
                    .baseUnit("seconds")
                    .description(
                            "Age, from its creation, of the oldest job waiting at the front of a ready list; 0 when none is")
                    .register(registry);
        }
    }

    /** Refreshes at once, then every {@code interval}. Call at most once. */
    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the queue once and sets the gauges; on the refresh thread, or directly in tests. */
    void refresh() {
        try {
            for (QueueDepths.Depth d : depths.read()) {
                AtomicLong[] states = jobs[d.partition()];
                states[0].set(d.ready());
                states[1].set(d.delayed());
                states[2].set(d.active());
                states[3].set(d.dead());
                outbox[d.partition()].set(d.outbox());
                events[d.partition()].set(d.events());
                oldestReadyCreatedMs[d.partition()].set(
                        d.oldestReadyCreatedAt().map(i -> i.toEpochMilli()).orElse(NONE_READY));
            }
            endpoints.refresh();
            if (failing) {
                LOG.info("queue gauges are refreshed again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (timer.isShutdown()) {
                return; // close() interrupted a refresh in progress: nothing failed
            }
            if (!failing) {
                LOG.warn("cannot refresh the queue gauges; they keep their last values: {}", e.toString());
                failing = true;
            }
        }
    }

    private double ageSeconds(AtomicLong createdMs) {
        long created = createdMs.get();
        return created == NONE_READY ? 0 : Math.max(0, clock.millis() - created) / 1000.0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
