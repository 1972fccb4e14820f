package io.hookshot.worker.run;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.JobDecodingException;
import io.hookshot.worker.fanout.EndpointPresence;
import io.hookshot.worker.http.DispatchResult;
import io.hookshot.worker.http.HttpDispatcher;
import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.ClaimedJob;
import io.hookshot.worker.queue.Settlement;
import io.hookshot.worker.retry.RetryDecision;
import io.hookshot.worker.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt at one job, from claimed to settled:
 * <ol>
 *   <li>Decode the job. A job that cannot be decoded is dead at once, with the reason; it never crashes the worker.</li>
 *   <li>A message made by fan-out whose endpoint was deleted from the registry, or disabled, is dead at once, with
 *       the reason {@value #ENDPOINT_DELETED} or {@value #ENDPOINT_DISABLED}, and nothing is sent
 *       ({@link EndpointPresence}).</li>
 *   <li>POST it (headers: the job's own, then {@code webhook-id}, {@code webhook-timestamp} and, when the job or the
 *       worker has a secret, {@code webhook-signature}: see {@link AttemptHeaders}), inside the attempt's CLIENT span,
 *       whose {@code traceparent} the request carries ({@link AttemptTracing}).</li>
 *   <li>A 2xx is delivered. Anything else asks the retry policy: retry after a delay, or give up (dead).</li>
 *   <li>Log one line: outcome, status or error, elapsed time, next attempt. Never the payload, a secret or a
 *       signature. Count it in the {@link WorkerMetrics} and, for a message sent to a URL, its origin's
 *       figures ({@link OriginTally}).</li>
 * </ol>
 * Thread-safe.
 */
final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    static final String MDC_MESSAGE = "msg";
    static final String MDC_ATTEMPT = "attempt";
    /** The error class and the start of the reason of a message whose endpoint was deleted. */
    static final String ENDPOINT_DELETED = "endpoint_deleted";
    /** The error class and the start of the reason of a message whose endpoint is disabled. */
    static final String ENDPOINT_DISABLED = "endpoint_disabled";

    private final HttpDispatcher http;
    private final RetryPolicy policy;
    private final AttemptHeaders headers;
    private final String workerId;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final EndpointPresence endpoints;
    private final OriginTally origins;
    private final AttemptTracing tracing;

    Delivery(
            HttpDispatcher http,
            RetryPolicy policy,
            AttemptHeaders headers,
            String workerId,
            Clock clock,
            WorkerMetrics metrics,
            EndpointPresence endpoints,
            OriginTally origins,
            AttemptTracing tracing) {
        this.http = http;
        this.policy = policy;
        this.headers = headers;
        this.workerId = workerId;
        this.clock = clock;
        this.metrics = metrics;
        this.endpoints = endpoints;
        this.origins = origins;
        this.tracing = tracing;
    }

    Settlement attempt(ClaimedJob claimed) {
        MDC.put(MDC_MESSAGE, claimed.id());
        MDC.put(MDC_ATTEMPT, Integer.toString(claimed.attempt()));
        try {
            Job job;
            try {
                job = JobCodec.decode(claimed.data());
            } catch (JobDecodingException e) {
                LOG.error(
                        "dead {} attempt={}: cannot decode the job: {}",
                        claimed.id(),
                        claimed.attempt(),
                        e.getMessage());
                AttemptRecord record = new AttemptRecord(
                        "", clock.millis(), 0, null, "undecodable", e.getMessage(), Map.of(), "", workerId);
                Settlement dead = new Settlement.Dead(claimed.lease(), record, "undecodable: " + e.getMessage());
                metrics.attempt(dead, Duration.ZERO);
                return dead;
            }
            Optional<Settlement> deleted = endpointGone(claimed, job);
            if (deleted.isPresent()) {
                return deleted.get();
            }
            long started = clock.millis();
            DispatchResult result = tracing.traced(
                    job, claimed.attempt(), headers.of(job, claimed.id(), started / 1000), h -> http.dispatch(job, h));
            AttemptRecord record = AttemptRecords.of(job, result, started, workerId);
            Settlement settlement = settle(claimed, job, result, record);
            log(claimed, record, settlement);
            if (job.origin().isEmpty()) {
                origins.record(job.endpointKey(), claimed.id(), record, settlement instanceof Settlement.Delivered);
            }
            metrics.attempt(
                    job.endpointKey(),
                    settlement,
                    Duration.ofMillis(clock.millis() - job.createdAt().toEpochMilli()));
            return settlement;
        } finally {
            MDC.remove(MDC_MESSAGE);
            MDC.remove(MDC_ATTEMPT);
        }
    }

    /** Dead without a request when the job is a fan-out message whose endpoint the registry no longer has or disabled. */
    private Optional<Settlement> endpointGone(ClaimedJob claimed, Job job) {
        if (job.origin().isEmpty()) {
            return Optional.empty();
        }
        EventOrigin origin = job.origin().get();
        EndpointPresence.State state;
        try {
            state = endpoints.of(origin);
        } catch (RuntimeException e) { // a Redis hiccup must not cost the job a lease: deliver, as without a mirror
            LOG.warn(
                    "could not check that endpoint {} of {} still exists; delivering {}: {}",
                    origin.endpointId(),
                    origin.tenant(),
                    claimed.id(),
                    e.toString());
            return Optional.empty();
        }
        boolean deleted = state == EndpointPresence.State.DELETED;
        if (!deleted && state != EndpointPresence.State.DISABLED) {
            return Optional.empty();
        }
        String errorClass = deleted ? ENDPOINT_DELETED : ENDPOINT_DISABLED;
        String why = "endpoint " + origin.endpointId() + " of tenant " + origin.tenant()
                + (deleted ? " was deleted" : " is disabled");
        LOG.warn("dead {} attempt={}: {}; not sent", claimed.id(), claimed.attempt(), why);
        AttemptRecord record = new AttemptRecord(
                job.url().toString(), clock.millis(), 0, null, errorClass, why, Map.of(), "", workerId);
        Settlement dead = new Settlement.Dead(claimed.lease(), record, errorClass + ": " + why);
        metrics.attempt(dead, Duration.ZERO);
        return Optional.of(dead);
    }

    private Settlement settle(ClaimedJob claimed, Job job, DispatchResult result, AttemptRecord record) {
        if (result instanceof DispatchResult.Delivered) {
            return new Settlement.Delivered(claimed.lease(), record);
        }
        return switch (policy.decide(result, claimed.fails(), job.retrySchedule())) {
            case RetryDecision.RetryAt retry -> new Settlement.Retrying(claimed.lease(), record, retry.delay());
            case RetryDecision.GiveUp giveUp -> new Settlement.Dead(claimed.lease(), record, giveUp.reason());
        };
    }

    private static void log(ClaimedJob claimed, AttemptRecord record, Settlement settlement) {
        String what = record.statusCode() != null ? "status=" + record.statusCode() : "error=" + record.errorClass();
        switch (settlement) {
            case Settlement.Delivered d ->
                LOG.info(
                        "delivered {} attempt={} {} elapsed={}ms",
                        claimed.id(),
                        claimed.attempt(),
                        what,
                        record.durationMs());
            case Settlement.Retrying r ->
                LOG.info(
                        "retrying {} attempt={} {} elapsed={}ms next_in={}ms",
                        claimed.id(),
                        claimed.attempt(),
                        what,
                        record.durationMs(),
                        r.delay().toMillis());
            case Settlement.Dead d ->
                LOG.warn(
                        "dead {} attempt={} {} elapsed={}ms reason=\"{}\"",
                        claimed.id(),
                        claimed.attempt(),
                        what,
                        record.durationMs(),
                        d.reason());
        }
    }
}
