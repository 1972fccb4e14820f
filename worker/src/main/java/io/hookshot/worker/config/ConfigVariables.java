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
                    "Refuse to publish an event whose type the event type catalogue lacks or has archived"),
            new ConfigVariable(
                    ProducerConfig.ENV_ENQUEUE_REPLICAS,
                    Integer.toString(ProducerConfig.DEFAULT_ENQUEUE_REPLICAS),
                    "Redis replicas that must have each enqueue or publish before it returns (WAIT); fewer within"
                            + " HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT is an error (sending again is safe); 0: return once the"
                            + " master has it"),
            new ConfigVariable(
                    ProducerConfig.ENV_ENQUEUE_REPLICA_TIMEOUT,
                    Durations.format(ProducerConfig.DEFAULT_ENQUEUE_REPLICA_TIMEOUT),
                    "How long an enqueue waits for HOOKSHOT_ENQUEUE_REPLICAS replicas"));

    public static final List<ConfigVariable> ALL =
            concat(concat(WorkerConfig.VARIABLES, PRODUCER_ONLY), ServerConfig.VARIABLES);

    private ConfigVariables() {}

    private static List<ConfigVariable> concat(List<ConfigVariable> a, List<ConfigVariable> b) {
        List<ConfigVariable> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
