package io.hookshot.worker.metrics;

import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.RedisJobQueue;
import io.hookshot.worker.queue.Settlement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Every meter a worker reports, with its name and tags in one place. Names are Micrometer's dotted names; the
 * Prometheus registry prints them with underscores, a {@code _total} suffix on counters and a {@code _seconds}
 * suffix on timers, so {@link #ATTEMPTS} is scraped as {@code hookshot_attempts_total}.
 *
 * <p>Tags carry only bounded values: an outcome, a status class, an error class, a queue name, a partition, and on the
 * endpoint meters an endpoint only when it is among this worker's few busiest ({@link EndpointTraffic}). Never a
 * message id or a URL. Thread-safe.
 */
public final class WorkerMetrics {
    /** Attempts, by {@link #OUTCOME}, {@link #STATUS_CLASS} and {@link #ERROR_CLASS}: {@code hookshot_attempts_total}. */
    public static final String ATTEMPTS = "hookshot.attempts";
    /** How long each HTTP attempt took: {@code hookshot_attempt_duration_seconds}. */
    public static final String ATTEMPT_DURATION = "hookshot.attempt.duration";
    /** From the producer's {@code createdAt} to the end of the delivering attempt: {@code hookshot_delivery_latency_seconds}. */
    public static final String DELIVERY_LATENCY = "hookshot.delivery.latency";
    /** Jobs this worker holds a lease on: {@code hookshot_in_flight}. */
    public static final String IN_FLIGHT = "hookshot.in.flight";
    /** Expired leases this worker's reaper returned to the queue: {@code hookshot_leases_reaped_total}. */
    public static final String LEASES_REAPED = "hookshot.leases.reaped";
    /** Outcomes Redis refused because the lease was lost: {@code hookshot_stale_acks_total}. */
    public static final String STALE_ACKS = "hookshot.stale.acks";
    /** Entries per exported outbox batch: {@code hookshot_exporter_batch_size}. */
    public static final String EXPORTER_BATCH_SIZE = "hookshot.exporter.batch.size";
    /** Export passes that failed (Postgres or Redis down): {@code hookshot_exporter_errors_total}. */
    public static final String EXPORTER_ERRORS = "hookshot.exporter.errors";
    /** Ready jobs a claim left ready for their endpoint's rate limit: {@code hookshot_endpoint_rate_limited_claims_total}. */
    public static final String RATE_LIMITED_CLAIMS = "hookshot.endpoint.rate.limited.claims";

    public static final String OUTCOME = "outcome";
    public static final String STATUS_CLASS = "status_class";
    public static final String ERROR_CLASS = "error_class";
    /** The {@link #STATUS_CLASS} of an attempt without a response, and the {@link #ERROR_CLASS} of one with. */
    public static final String NONE = "none";

    /** Bucket boundaries of {@link #ATTEMPT_DURATION}, besides the percentile histogram's own. */
    static final Duration[] ATTEMPT_SLOS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30)
    };
    /** Bucket boundaries of {@link #DELIVERY_LATENCY}: from a first-try delivery to the end of the retry schedule. */
    static final Duration[] DELIVERY_SLOS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(30),
        Duration.ofHours(1),
        Duration.ofHours(2),
        Duration.ofHours(5),
        Duration.ofHours(10),
        Duration.ofDays(1),
        Duration.ofDays(2)
    };

    private final MeterRegistry registry;
    private final Timer attemptDuration;
    private final Timer deliveryLatency;
    private final Counter leasesReaped;
    private final Counter staleAcks;
    private final DistributionSummary exporterBatchSize;
    private final Counter exporterErrors;
    private final EndpointTraffic traffic = new EndpointTraffic();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.attemptDuration = Timer.builder(ATTEMPT_DURATION)
                .description("How long each HTTP delivery attempt took")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .serviceLevelObjectives(ATTEMPT_SLOS)
                .register(registry);
        this.deliveryLatency = Timer.builder(DELIVERY_LATENCY)
                .description("From a message's creation to the end of the attempt that delivered it")
                .serviceLevelObjectives(DELIVERY_SLOS)
                .register(registry);
        this.leasesReaped = Counter.builder(LEASES_REAPED)
                .description("Expired leases this worker returned to the queue")
                .register(registry);
        this.staleAcks = Counter.builder(STALE_ACKS)
                .description("Attempt outcomes refused because the lease was lost to another worker")
                .register(registry);
        this.exporterBatchSize = DistributionSummary.builder(EXPORTER_BATCH_SIZE)
                .description("Outbox entries per batch written to PostgreSQL")
                .register(registry);
        this.exporterErrors = Counter.builder(EXPORTER_ERRORS)
                .description("Outbox export passes that failed and will be retried")
                .register(registry);
    }

    /** Meters in a registry of their own that nobody reads: for parts built without a worker, as in tests. */
    public static WorkerMetrics unread() {
        return new WorkerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** This worker's attempts by endpoint, which the endpoint meters name their busiest from. */
    public EndpointTraffic traffic() {
        return traffic;
    }

    /** Counts one finished attempt and its duration; a delivered one also records its end-to-end latency. */
    public void attempt(Settlement settlement, Duration sinceCreated) {
        attempt(null, settlement, sinceCreated);
    }

    /** As {@link #attempt(Settlement, Duration)}, also counting the attempt at {@code endpoint} (when not null). */
    public void attempt(String endpoint, Settlement settlement, Duration sinceCreated) {
        if (endpoint != null) {
            traffic.count(endpoint);
        }
        AttemptRecord record = settlement.attempt();
        Counter.builder(ATTEMPTS)
                .description("Delivery attempts by outcome, response status class and error class")
                .tags(attemptTags(settlement))
                .register(registry)
                .increment();
        attemptDuration.record(Duration.ofMillis(record.durationMs()));
        if (settlement instanceof Settlement.Delivered) {
            deliveryLatency.record(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
        }
    }

    /** Reports {@code inFlight} as the {@link #IN_FLIGHT} gauge; the supplier is kept for as long as the registry. */
    public void inFlight(IntSupplier inFlight) {
        Gauge.builder(IN_FLIGHT, inFlight::getAsInt)
                .description("Jobs this worker holds a lease on")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Reports {@code queue}'s running total of rate-limited claims as the {@link #RATE_LIMITED_CLAIMS} counter, labelled
     * with the queue's name alone, so its cardinality stays bounded whatever the endpoints. The meter holds the queue
     * weakly: the worker keeps it.
     */
    public void rateLimitedClaims(RedisJobQueue queue) {
        FunctionCounter.builder(RATE_LIMITED_CLAIMS, queue, q -> (double) q.rateLimitedClaims())
                .tag(QueueGauges.QUEUE, queue.settings().queue())
                .description("Ready jobs a claim left ready because their endpoint was over its rate limit")
                .register(registry);
    }

    public void leasesReaped(long count) {
        leasesReaped.increment(count);
    }

    public void staleAck() {
        staleAcks.increment();
    }

    public void exporterBatch(int entries) {
        exporterBatchSize.record(entries);
    }

    public void exporterError() {
        exporterErrors.increment();
    }

    static Tags attemptTags(Settlement settlement) {
        AttemptRecord record = settlement.attempt();
        return Tags.of(
                OUTCOME,
                outcome(settlement),
                STATUS_CLASS,
                statusClass(record.statusCode()),
                ERROR_CLASS,
                record.errorClass() == null ? NONE : record.errorClass());
    }

    /** {@code delivered}, {@code retrying} or {@code dead}. */
    static String outcome(Settlement settlement) {
        return switch (settlement) {
            case Settlement.Delivered d -> "delivered";
            case Settlement.Retrying r -> "retrying";
            case Settlement.Dead d -> "dead";
        };
    }

    /** {@code 1xx} to {@code 9xx} by the first digit of the status, or {@link #NONE} without a response. */
    static String statusClass(Integer statusCode) {
        if (statusCode == null || statusCode < 100 || statusCode > 999) {
            return NONE;
        }
        return statusCode / 100 + "xx";
    }
}
