package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import io.hookshot.common.RedisUrl;
import io.hookshot.common.RetrySchedule;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.http.Cidr;
import io.hookshot.worker.http.HttpSettings;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything a worker process is configured with, read from environment variables (see {@link #VARIABLES}) and
 * validated at start. Immutable. {@link #toString()} shows neither the Redis and database passwords nor the signing
 * secrets.
 *
 * @param signingSecrets the secrets requests are signed with when their message has none of its own, in order;
 *                       empty: such requests are not signed
 */
public record WorkerConfig(
        RedisUrl redisUrl,
        DatabaseConfig database,
        String queue,
        int partitions,
        int concurrency,
        int endpointConcurrency,
        RetrySchedule retrySchedule,
        double retryJitter,
        boolean failFastOn4xx,
        Optional<Duration> retryAfterCap,
        Duration httpTimeout,
        Duration connectTimeout,
        int maxResponseBodyBytes,
        List<Cidr> allowedNetworks,
        Duration lease,
        int maxStalls,
        Duration pollInterval,
        Duration reapInterval,
        Duration shutdownGrace,
        String workerId,
        List<SigningSecret> signingSecrets) {

    public static final String REDIS_URL = ProducerConfig.ENV_REDIS_URL;
    public static final String DATABASE_URL = "HOOKSHOT_DATABASE_URL";
    public static final String DATABASE_USER = "HOOKSHOT_DATABASE_USER";
    public static final String DATABASE_PASSWORD = "HOOKSHOT_DATABASE_PASSWORD";
    public static final String DATABASE_POOL_SIZE = "HOOKSHOT_DATABASE_POOL_SIZE";
    public static final String QUEUE = ProducerConfig.ENV_QUEUE;
    public static final String PARTITIONS = ProducerConfig.ENV_PARTITIONS;
    public static final String CONCURRENCY = "HOOKSHOT_CONCURRENCY";
    public static final String ENDPOINT_CONCURRENCY = "HOOKSHOT_ENDPOINT_CONCURRENCY";
    public static final String RETRY_SCHEDULE = "HOOKSHOT_RETRY_SCHEDULE";
    public static final String RETRY_JITTER = "HOOKSHOT_RETRY_JITTER";
    public static final String FAIL_FAST_4XX = "HOOKSHOT_FAIL_FAST_4XX";
    public static final String RETRY_AFTER_CAP = "HOOKSHOT_RETRY_AFTER_CAP";
    public static final String HTTP_TIMEOUT = "HOOKSHOT_HTTP_TIMEOUT";
    public static final String CONNECT_TIMEOUT = "HOOKSHOT_CONNECT_TIMEOUT";
    public static final String MAX_RESPONSE_BODY = "HOOKSHOT_MAX_RESPONSE_BODY";
    public static final String ALLOWED_NETWORKS = "HOOKSHOT_ALLOWED_NETWORKS";
    public static final String LEASE = "HOOKSHOT_LEASE";
    public static final String MAX_STALLS = "HOOKSHOT_MAX_STALLS";
    public static final String POLL_INTERVAL = "HOOKSHOT_POLL_INTERVAL";
    public static final String REAP_INTERVAL = "HOOKSHOT_REAP_INTERVAL";
    public static final String SHUTDOWN_GRACE = "HOOKSHOT_SHUTDOWN_GRACE";
    public static final String WORKER_ID = "HOOKSHOT_WORKER_ID";
    public static final String SIGNING_SECRET = "HOOKSHOT_SIGNING_SECRET";

    public static final String DEFAULT_DATABASE_USER = "postgres";
    public static final String DEFAULT_DATABASE_PASSWORD = "";
    public static final int DEFAULT_DATABASE_POOL_SIZE = 4;
    public static final String DEFAULT_QUEUE = ProducerConfig.DEFAULT_QUEUE;
    public static final int DEFAULT_PARTITIONS = ProducerConfig.DEFAULT_PARTITIONS;
    public static final int DEFAULT_CONCURRENCY = 64;
    public static final int DEFAULT_ENDPOINT_CONCURRENCY = 32;
    public static final RetrySchedule DEFAULT_RETRY_SCHEDULE = RetrySchedule.DEFAULT;
    public static final double DEFAULT_RETRY_JITTER = 0.2;
    public static final boolean DEFAULT_FAIL_FAST_4XX = false;
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RESPONSE_BODY = 64 * 1024;
    /** None: the SSRF guard lets deliveries reach public addresses only. */
    public static final List<Cidr> DEFAULT_ALLOWED_NETWORKS = HttpSettings.DEFAULT_ALLOWED_NETWORKS;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_STALLS = 3;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_REAP_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** None: a message without secrets of its own goes unsigned. */
    public static final List<SigningSecret> DEFAULT_SIGNING_SECRETS = List.of();

    /** Every variable a worker reads, with its default and meaning ({@link ConfigVariables#ALL} adds the producer's). */
    public static final List<ConfigVariable> VARIABLES = List.of(
            new ConfigVariable(REDIS_URL, "", "Redis URL, like redis://127.0.0.1:6379, or redis-cluster://10.0.0.1:6379,10.0.0.2:6379 listing seed nodes of a Redis Cluster (required)"),
            new ConfigVariable(DATABASE_URL, "", "PostgreSQL JDBC URL, like jdbc:postgresql://127.0.0.1:5432/hookshot (required)"),
            new ConfigVariable(DATABASE_USER, DEFAULT_DATABASE_USER, "PostgreSQL user"),
            new ConfigVariable(DATABASE_PASSWORD, DEFAULT_DATABASE_PASSWORD, "PostgreSQL password"),
            new ConfigVariable(DATABASE_POOL_SIZE, Integer.toString(DEFAULT_DATABASE_POOL_SIZE), "PostgreSQL connections per process"),
            new ConfigVariable(QUEUE, DEFAULT_QUEUE, "Queue name; producers and workers of one queue must agree"),
            new ConfigVariable(PARTITIONS, Integer.toString(DEFAULT_PARTITIONS), "Queue partitions; fixed when the queue is first used"),
            new ConfigVariable(CONCURRENCY, Integer.toString(DEFAULT_CONCURRENCY), "Deliveries in flight per worker process"),
            new ConfigVariable(ENDPOINT_CONCURRENCY, Integer.toString(DEFAULT_ENDPOINT_CONCURRENCY), "Deliveries in flight per endpoint (URL origin), across all workers"),
            new ConfigVariable(RETRY_SCHEDULE, DEFAULT_RETRY_SCHEDULE.toString(), "Delays before each retry (5s,5m means three attempts in all), or exponential(initial,factor,cap,retries)"),
            new ConfigVariable(RETRY_JITTER, Double.toString(DEFAULT_RETRY_JITTER), "Random spread of each retry delay, as a fraction (0.2 = +/-20%)"),
            new ConfigVariable(FAIL_FAST_4XX, Boolean.toString(DEFAULT_FAIL_FAST_4XX), "Give up at the first 4xx other than 408, 425, 429 (and 410, which always gives up) instead of retrying"),
            new ConfigVariable(RETRY_AFTER_CAP, "", "Longest delay a Retry-After may ask for (unset: twice the scheduled delay); never shorter than the schedule"),
            new ConfigVariable(HTTP_TIMEOUT, Durations.format(DEFAULT_HTTP_TIMEOUT), "Longest one delivery attempt may take, response included"),
            new ConfigVariable(CONNECT_TIMEOUT, Durations.format(DEFAULT_CONNECT_TIMEOUT), "Longest a TCP/TLS connect may take"),
            new ConfigVariable(MAX_RESPONSE_BODY, Integer.toString(DEFAULT_MAX_RESPONSE_BODY), "Bytes of each response body kept in the history"),
            new ConfigVariable(ALLOWED_NETWORKS, DEFAULT_ALLOWED_NETWORKS.stream().map(Cidr::toString).collect(Collectors.joining(",")),
                    "Comma-separated CIDR networks the SSRF guard lets deliveries reach although not public, like 127.0.0.0/8 for local development"),
            new ConfigVariable(LEASE, Durations.format(DEFAULT_LEASE), "How long a claimed job stays leased without renewal; at least twice HOOKSHOT_HTTP_TIMEOUT"),
            new ConfigVariable(MAX_STALLS, Integer.toString(DEFAULT_MAX_STALLS), "Expired leases a job survives before it is dead"),
            new ConfigVariable(POLL_INTERVAL, Durations.format(DEFAULT_POLL_INTERVAL), "Longest an idle worker waits before asking Redis again"),
            new ConfigVariable(REAP_INTERVAL, Durations.format(DEFAULT_REAP_INTERVAL), "How often each worker returns expired leases to the queue"),
            new ConfigVariable(SHUTDOWN_GRACE, Durations.format(DEFAULT_SHUTDOWN_GRACE), "On SIGTERM, how long in-flight deliveries may take to finish"),
            new ConfigVariable(WORKER_ID, "", "Name of this worker in the history (default: host name and process id)"),
            new ConfigVariable(SIGNING_SECRET, "", "Secret (whsec_...) to sign requests of messages that have none; two, space-separated, while rotating; unset: unsigned"));

    public WorkerConfig {
        signingSecrets = List.copyOf(signingSecrets);
        allowedNetworks = List.copyOf(allowedNetworks);
        if (lease.compareTo(httpTimeout.multipliedBy(2)) < 0) {
            throw new InvalidConfigException(LEASE + " (" + Durations.format(lease) + ") must be at least twice "
                    + HTTP_TIMEOUT + " (" + Durations.format(httpTimeout) + "), or a slow delivery could outlive its"
                    + " lease and be sent twice");
        }
        if (connectTimeout.compareTo(httpTimeout) > 0) {
            throw new InvalidConfigException(CONNECT_TIMEOUT + " (" + Durations.format(connectTimeout)
                    + ") must not exceed " + HTTP_TIMEOUT + " (" + Durations.format(httpTimeout) + ")");
        }
    }

    /** Reads and validates every variable; throws {@link InvalidConfigException} naming the first bad one. */
    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new WorkerConfig(
                r.redisUrl(REDIS_URL),
                databaseFrom(env),
                r.queueName(QUEUE, DEFAULT_QUEUE),
                r.integer(PARTITIONS, DEFAULT_PARTITIONS, 1, 1024),
                r.integer(CONCURRENCY, DEFAULT_CONCURRENCY, 1, 10_000),
                r.integer(ENDPOINT_CONCURRENCY, DEFAULT_ENDPOINT_CONCURRENCY, 1, 10_000),
                r.schedule(RETRY_SCHEDULE, DEFAULT_RETRY_SCHEDULE),
                r.fraction(RETRY_JITTER, DEFAULT_RETRY_JITTER),
                r.bool(FAIL_FAST_4XX, DEFAULT_FAIL_FAST_4XX),
                r.optionalDuration(RETRY_AFTER_CAP, Duration.ofSeconds(1)),
                r.duration(HTTP_TIMEOUT, DEFAULT_HTTP_TIMEOUT, Duration.ofMillis(100)),
                r.duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(100)),
                r.integer(MAX_RESPONSE_BODY, DEFAULT_MAX_RESPONSE_BODY, 0, 16 * 1024 * 1024),
                r.networks(ALLOWED_NETWORKS, DEFAULT_ALLOWED_NETWORKS),
                r.duration(LEASE, DEFAULT_LEASE, Duration.ofSeconds(1)),
                r.integer(MAX_STALLS, DEFAULT_MAX_STALLS, 0, 100),
                r.duration(POLL_INTERVAL, DEFAULT_POLL_INTERVAL, Duration.ofMillis(10)),
                r.duration(REAP_INTERVAL, DEFAULT_REAP_INTERVAL, Duration.ofMillis(100)),
                r.duration(SHUTDOWN_GRACE, DEFAULT_SHUTDOWN_GRACE, Duration.ZERO),
                r.string(WORKER_ID, defaultWorkerId()),
                r.signingSecrets(SIGNING_SECRET, DEFAULT_SIGNING_SECRETS));
    }

    /** Only the Postgres settings, for commands that need nothing else. */
    public static DatabaseConfig databaseFrom(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new DatabaseConfig(r.required(DATABASE_URL, "jdbc:postgresql://127.0.0.1:5432/hookshot"),
                r.string(DATABASE_USER, DEFAULT_DATABASE_USER),
                r.string(DATABASE_PASSWORD, DEFAULT_DATABASE_PASSWORD),
                r.integer(DATABASE_POOL_SIZE, DEFAULT_DATABASE_POOL_SIZE, 1, 100));
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
