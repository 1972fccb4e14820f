package io.hookshot.worker.run;

import io.hookshot.common.Endpoints;
import io.hookshot.worker.config.EndpointHealthConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.fanout.EndpointPresence;
import io.hookshot.worker.http.HttpDispatcher;
import io.hookshot.worker.http.HttpSettings;
import io.hookshot.worker.metrics.WorkerMetrics;
import io.hookshot.worker.queue.EndpointPolicy;
import io.hookshot.worker.retry.RetryPolicy;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.redisson.api.RedissonClient;

/** Translates the process configuration into the settings records of the parts it wires together. */
final class WorkerWiring {
    private WorkerWiring() {}

    static HttpSettings httpSettings(WorkerConfig config) {
        return new HttpSettings(
                config.connectTimeout(),
                config.httpTimeout(),
                config.concurrency(),
                config.maxResponseBodyBytes(),
                HttpSettings.DEFAULT_USER_AGENT,
                config.allowedNetworks());
    }

    /** The attempt at one job, over the worker's HTTP client and Redis, on the system clock. */
    static Delivery delivery(
            WorkerConfig config,
            HttpDispatcher http,
            WorkerMetrics metrics,
            RedissonClient redis,
            OriginTally origins,
            AttemptTracing tracing) {
        return new Delivery(
                http,
                retryPolicy(config),
                new AttemptHeaders(config.signingSecrets()),
                config.workerId(),
                Clock.systemUTC(),
                metrics,
                new EndpointPresence(redis, config.queue()),
                origins,
                tracing);
    }

    static RetryPolicy retryPolicy(WorkerConfig config) {
        return new RetryPolicy(
                new RetryPolicy.Settings(
                        config.retrySchedule(),
                        config.retryJitter(),
                        config.failFastOn4xx(),
                        config.retryAfterCap().orElse(null)),
                RandomGenerator.getDefault(),
                Clock.systemUTC());
    }

    static EndpointPolicy endpointPolicy(WorkerConfig config) {
        EndpointHealthConfig endpoints = config.endpoints();
        EndpointPolicy policy = new EndpointPolicy(
                endpoints.breakerFailures(), endpoints.maxHold(config.retrySchedule()), endpoints.defaultRateLimit());
        return config.operational()
                .url()
                .map(url -> policy.notifying(Endpoints.keyOf(url)))
                .orElse(policy);
    }
}
