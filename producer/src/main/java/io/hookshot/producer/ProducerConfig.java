package io.hookshot.producer;

import io.hookshot.common.Durations;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.RedisUrl;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one {@link HookshotProducer}: where Redis is, which queue to feed and how it is split, and the limits
 * put on each message. Build it with {@link #defaults(String)} and the {@code with*} methods, or from environment
 * variables with {@link #fromEnvironment(Map)}. Every setting is validated when the record is made; errors name the
 * environment variable that sets it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} hides the Redis password.
 *
 * @param redisUrl          {@code redis://[user:password@]host[:port][/database]} ({@code rediss://} for TLS), or
 *                          {@code redis-cluster://[user:password@]host1:port1,host2:port2,...} for the seed nodes
 *                          of a Redis Cluster ({@code rediss-cluster://} for TLS), or
 *                          {@code redis-sentinel://host1:26379,host2:26379/master} for the master Redis Sentinels
 *                          watch; ports default to 6379, sentinels' to 26379 (see {@link RedisUrl})
 * @param queue             the queue's name: 1 to 64 letters, digits, '_' or '-'
 * @param partitions        how many partitions the queue has, 1 to {@value #MAX_PARTITIONS}; producers and workers
 *                          of one queue must agree on it
 * @param maxPayloadBytes   the largest payload a message may carry
 * @param idempotencyWindow how long an idempotency key is remembered
 * @param maxPoolSize       the most Redis connections this producer opens (to each node, on a cluster)
 * @param eventTypesStrict  refuse to publish an event whose type the catalogue lacks or has archived
 * @param replicaAcks       how many replicas must have an enqueue before {@code send} returns (0: none waited for), and
 *                          how long to wait for them (Redis {@code WAIT})
 */
public record ProducerConfig(
        String redisUrl,
        String queue,
        int partitions,
        int maxPayloadBytes,
        Duration idempotencyWindow,
        int maxPoolSize,
        boolean eventTypesStrict,
        ReplicaAcks replicaAcks) {

    /** Required: the Redis URL. */
    public static final String ENV_REDIS_URL = "HOOKSHOT_REDIS_URL";
    /** The queue name: 1 to 64 letters, digits, {@code _} or {@code -}; producers and workers must agree. */
    public static final String ENV_QUEUE = "HOOKSHOT_QUEUE";
    /** The queue's partition count, 1 to {@link #MAX_PARTITIONS}; fixed when the queue is first used. */
    public static final String ENV_PARTITIONS = "HOOKSHOT_PARTITIONS";
    /** Bytes, as a plain whole number. */
    public static final String ENV_MAX_PAYLOAD = "HOOKSHOT_MAX_PAYLOAD";
    /** A duration such as {@code 24h} (see {@link Durations}). */
    public static final String ENV_IDEMPOTENCY_WINDOW = "HOOKSHOT_IDEMPOTENCY_WINDOW";
    /** Redis connections the producer may open (per node of a cluster), 1 to {@link #MAX_POOL_SIZE}. */
    public static final String ENV_REDIS_POOL_SIZE = "HOOKSHOT_REDIS_POOL_SIZE";
    /** {@code true} or {@code false}: whether publishing refuses event types the catalogue lacks or has archived. */
    public static final String ENV_EVENT_TYPES_STRICT = "HOOKSHOT_EVENT_TYPES_STRICT";
    /** Replicas that must acknowledge an enqueue, 0 to {@link #MAX_ENQUEUE_REPLICAS}. */
    public static final String ENV_ENQUEUE_REPLICAS = "HOOKSHOT_ENQUEUE_REPLICAS";
    /** A duration such as {@code 1s}: how long an enqueue waits for its replicas. */
    public static final String ENV_ENQUEUE_REPLICA_TIMEOUT = "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT";

    /** Defaults of the settings above, in their order. */
    public static final String DEFAULT_QUEUE = "default";

    public static final int DEFAULT_PARTITIONS = 16;
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    public static final int DEFAULT_MAX_POOL_SIZE = 16;
    public static final boolean DEFAULT_EVENT_TYPES_STRICT = true;
    public static final int DEFAULT_ENQUEUE_REPLICAS = 0;
    public static final Duration DEFAULT_ENQUEUE_REPLICA_TIMEOUT = Duration.ofSeconds(1);
    /** The most replicas an enqueue may wait for. */
    public static final int MAX_ENQUEUE_REPLICAS = 16;
    /** The longest an enqueue may wait for its replicas. */
    public static final Duration MAX_ENQUEUE_REPLICA_TIMEOUT = Duration.ofMinutes(1);

    /** The most partitions a queue may have. */
    public static final int MAX_PARTITIONS = 1024;
    /** The highest payload limit that may be configured. */
    public static final int MAX_PAYLOAD_LIMIT = 64 * 1024 * 1024;
    /** The longest idempotency window that may be configured. */
    public static final Duration MAX_IDEMPOTENCY_WINDOW = Duration.ofDays(365);
    /** The largest connection pool that may be configured. */
    public static final int MAX_POOL_SIZE = 1024;

    /** Validates every setting; throws {@link IllegalArgumentException} naming the environment variable. */
    public ProducerConfig {
        redisUrl = requireRedisUrl(redisUrl);
        try {
            RedisKeys.requireValidQueueName(queue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV_QUEUE + ": " + e.getMessage(), e);
        }
        requireRange(ENV_PARTITIONS, "partitions", partitions, 1, MAX_PARTITIONS);
        requireRange(ENV_MAX_PAYLOAD, "maxPayloadBytes", maxPayloadBytes, 1, MAX_PAYLOAD_LIMIT);
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        if (idempotencyWindow.toMillis() < 1 || idempotencyWindow.compareTo(MAX_IDEMPOTENCY_WINDOW) > 0) {
            throw new IllegalArgumentException(ENV_IDEMPOTENCY_WINDOW + " (idempotencyWindow) must be from 1ms to "
                    + Durations.format(MAX_IDEMPOTENCY_WINDOW) + ", got " + idempotencyWindow);
        }
        requireRange(ENV_REDIS_POOL_SIZE, "maxPoolSize", maxPoolSize, 1, MAX_POOL_SIZE);
        Objects.requireNonNull(replicaAcks, "replicaAcks");
    }

    /** The settings with no replica acknowledgement waited for ({@link ReplicaAcks#NONE}). */
    public ProducerConfig(
            String redisUrl,
            String queue,
            int partitions,
            int maxPayloadBytes,
            Duration idempotencyWindow,
            int maxPoolSize,
            boolean eventTypesStrict) {
        this(
                redisUrl,
                queue,
                partitions,
                maxPayloadBytes,
                idempotencyWindow,
                maxPoolSize,
                eventTypesStrict,
                ReplicaAcks.NONE);
    }

    /** Every setting at its default, with the given Redis URL. */
    public static ProducerConfig defaults(String redisUrl) {
        return new ProducerConfig(
                redisUrl,
                DEFAULT_QUEUE,
                DEFAULT_PARTITIONS,
                DEFAULT_MAX_PAYLOAD_BYTES,
                DEFAULT_IDEMPOTENCY_WINDOW,
                DEFAULT_MAX_POOL_SIZE,
                DEFAULT_EVENT_TYPES_STRICT);
    }

    /**
     * Reads the {@code ENV_*} variables from {@code env} (pass {@code System.getenv()} in production, a literal map
     * in tests). Unset or blank variables take their defaults; only {@value #ENV_REDIS_URL} is required.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong
     */
    public static ProducerConfig fromEnvironment(Map<String, String> env) {
        String redisUrl = value(env, ENV_REDIS_URL);
        if (redisUrl == null) {
            throw new IllegalArgumentException(ENV_REDIS_URL + " is required, for example redis://127.0.0.1:6379 or"
                    + " redis-cluster://10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379");
        }
        String queue = value(env, ENV_QUEUE);
        String window = value(env, ENV_IDEMPOTENCY_WINDOW);
        String replicaTimeout = value(env, ENV_ENQUEUE_REPLICA_TIMEOUT);
        return new ProducerConfig(
                redisUrl,
                queue == null ? DEFAULT_QUEUE : queue,
                wholeNumber(env, ENV_PARTITIONS, DEFAULT_PARTITIONS, 1, MAX_PARTITIONS),
                wholeNumber(env, ENV_MAX_PAYLOAD, DEFAULT_MAX_PAYLOAD_BYTES, 1, MAX_PAYLOAD_LIMIT),
                window == null ? DEFAULT_IDEMPOTENCY_WINDOW : duration(ENV_IDEMPOTENCY_WINDOW, window),
                wholeNumber(env, ENV_REDIS_POOL_SIZE, DEFAULT_MAX_POOL_SIZE, 1, MAX_POOL_SIZE),
                bool(env, ENV_EVENT_TYPES_STRICT, DEFAULT_EVENT_TYPES_STRICT),
                new ReplicaAcks(
                        wholeNumber(env, ENV_ENQUEUE_REPLICAS, DEFAULT_ENQUEUE_REPLICAS, 0, MAX_ENQUEUE_REPLICAS),
                        replicaTimeout == null
                                ? DEFAULT_ENQUEUE_REPLICA_TIMEOUT
                                : duration(ENV_ENQUEUE_REPLICA_TIMEOUT, replicaTimeout)));
    }

    /** A copy feeding queue {@code newQueue}. */
    public ProducerConfig withQueue(String newQueue) {
        return new ProducerConfig(
                redisUrl,
                newQueue,
                partitions,
                maxPayloadBytes,
                idempotencyWindow,
                maxPoolSize,
                eventTypesStrict,
                replicaAcks);
    }

    /** A copy for a queue of {@code newPartitions} partitions (it must match the queue's). */
    public ProducerConfig withPartitions(int newPartitions) {
        return new ProducerConfig(
                redisUrl,
                queue,
                newPartitions,
                maxPayloadBytes,
                idempotencyWindow,
                maxPoolSize,
                eventTypesStrict,
                replicaAcks);
    }

    /** A copy refusing payloads over {@code newMax} bytes. */
    public ProducerConfig withMaxPayloadBytes(int newMax) {
        return new ProducerConfig(
                redisUrl, queue, partitions, newMax, idempotencyWindow, maxPoolSize, eventTypesStrict, replicaAcks);
    }

    /** A copy remembering idempotency keys for {@code newWindow}. */
    public ProducerConfig withIdempotencyWindow(Duration newWindow) {
        return new ProducerConfig(
                redisUrl, queue, partitions, maxPayloadBytes, newWindow, maxPoolSize, eventTypesStrict, replicaAcks);
    }

    /** A copy opening at most {@code newMax} Redis connections (per node of a cluster). */
    public ProducerConfig withMaxPoolSize(int newMax) {
        return new ProducerConfig(
                redisUrl, queue, partitions, maxPayloadBytes, idempotencyWindow, newMax, eventTypesStrict, replicaAcks);
    }

    /** A copy that refuses event types the catalogue lacks or has archived when {@code strict}, else takes any. */
    public ProducerConfig withEventTypesStrict(boolean strict) {
        return new ProducerConfig(
                redisUrl, queue, partitions, maxPayloadBytes, idempotencyWindow, maxPoolSize, strict, replicaAcks);
    }

    /** A copy whose enqueues wait for {@code acks}. */
    public ProducerConfig withReplicaAcks(ReplicaAcks acks) {
        return new ProducerConfig(
                redisUrl, queue, partitions, maxPayloadBytes, idempotencyWindow, maxPoolSize, eventTypesStrict, acks);
    }

    /** The Redis URL with any password replaced by {@code ***}: safe to log. */
    public String redactedRedisUrl() {
        return RedisUrl.redact(redisUrl);
    }

    @Override
    public String toString() {
        return "ProducerConfig[redisUrl=" + redactedRedisUrl() + ", queue=" + queue + ", partitions=" + partitions
                + ", maxPayloadBytes=" + maxPayloadBytes + ", idempotencyWindow="
                + Durations.format(idempotencyWindow) + ", maxPoolSize=" + maxPoolSize + ", eventTypesStrict="
                + eventTypesStrict + ", replicaAcks=" + replicaAcks.replicas() + "/"
                + Durations.format(replicaAcks.timeout()) + "]";
    }

    /** Checks the URL with {@link RedisUrl#parse}; never echoes it: it may hold a password. */
    private static String requireRedisUrl(String url) {
        try {
            RedisUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV_REDIS_URL + " " + e.getMessage());
        }
        return url.strip();
    }

    private static void requireRange(String variable, String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    variable + " (" + field + ") must be from " + min + " to " + max + ", got " + value);
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static int wholeNumber(Map<String, String> env, String name, int fallback, int min, int max) {
        String text = value(env, name);
        if (text == null) {
            return fallback;
        }
        if (text.matches("\\d{1,9}")) {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    private static boolean bool(Map<String, String> env, String name, boolean fallback) {
        String text = value(env, name);
        if (text == null) {
            return fallback;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + text + "'");
        };
    }

    private static Duration duration(String name, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
