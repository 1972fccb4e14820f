package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import io.hookshot.producer.ProducerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Every variable any Hookshot command reads: the worker's, then those only the producer ({@code send}) reads, then
 * the HTTP side's ({@link ServerConfig}).
 */
public final class ConfigVariables {
    public static final List<ConfigVariable> PRODUCER_ONLY = List.of(
            new ConfigVariable(
                    ProducerConfig.ENV_MAX_PAYLOAD,
                    Integer.toString(ProducerConfig.DEFAULT_MAX_PAYLOAD_BYTES),
                    "Largest payload, in bytes, the producer accepts"),
            new ConfigVariable(
                    ProducerConfig.ENV_IDEMPOTENCY_WINDOW,
                    Durations.format(ProducerConfig.DEFAULT_IDEMPOTENCY_WINDOW),
                    "How long an idempotency key maps to its first message"),
            new ConfigVariable(
                    ProducerConfig.ENV_REDIS_POOL_SIZE,
                    Integer.toString(ProducerConfig.DEFAULT_MAX_POOL_SIZE),
                    "Redis connections per producer (per node, on a Redis Cluster)"),
            new ConfigVariable(
                    ProducerConfig.ENV_EVENT_TYPES_STRICT,
                    Boolean.toString(ProducerConfig.DEFAULT_EVENT_TYPES_STRICT),
                    "Refuse to publish an event whose type the event type catalogue lacks or has archived"));

    public static final List<ConfigVariable> ALL =
            concat(concat(WorkerConfig.VARIABLES, PRODUCER_ONLY), ServerConfig.VARIABLES);

    private ConfigVariables() {}

    private static List<ConfigVariable> concat(List<ConfigVariable> a, List<ConfigVariable> b) {
        List<ConfigVariable> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
