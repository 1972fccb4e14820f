package io.hookshot.worker.config;

import io.hookshot.common.Durations;
import io.hookshot.common.RedisUrl;
import io.hookshot.common.RetrySchedule;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.worker.http.Cidr;
import io.hookshot.worker.http.HttpSettings;
import io.hookshot.worker.retry.RetryPolicy;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything a worker process is configured with, read from environment variables (see {@link #VARIABLES}) and
 * validated at start: where the queue and the history are ({@link ConnectionConfig}), and how to deliver. Immutable.
 * {@link #toString()} shows neither the Redis and database passwords nor the signing secrets.
 *
 * <p>The connect timeout and the lease follow the HTTP timeout unless they are set: unset, the connect timeout is
 * {@link #DEFAULT_CONNECT_TIMEOUT} or the HTTP timeout when that is shorter, and the lease is {@link #DEFAULT_LEASE}
 * or twice the HTTP timeout when that is longer. So a default never conflicts with a setting; only values set
 * explicitly can, and the error names both variables and what to change.
 *
 * @param signingSecrets the secrets requests are signed with when their message has none of its own, in order;
 *                       empty: such requests are not signed
 * @param endpoints      the circuit breaker and rate limits
 * @param registry       the event model's registry settings: the worker repairs the registry's Redis mirror
 * @param operational    where operational webhooks go, if anywhere
 */
public record WorkerConfig(
        ConnectionConfig connection,
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
        List<SigningSecret> signingSecrets,
        EndpointHealthConfig endpoints,
        RegistryConfig registry,
        OperationalWebhookConfig operational) {

    /** The connection's variables, read by {@link ConnectionConfig}; named here too for the worker's callers. */
    public static final String REDIS_URL = ConnectionConfig.REDIS_URL;

    public static final String DATABASE_URL = ConnectionConfig.DATABASE_URL;
    public static final String DATABASE_USER = ConnectionConfig.DATABASE_USER;
    public static final String DATABASE_PASSWORD = ConnectionConfig.DATABASE_PASSWORD;
    public static final String QUEUE = ConnectionConfig.QUEUE;
    public static final String PARTITIONS = ConnectionConfig.PARTITIONS;
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

    public static final int DEFAULT_CONCURRENCY = 64;
    public static final int DEFAULT_ENDPOINT_CONCURRENCY = 32;
    public static final RetrySchedule DEFAULT_RETRY_SCHEDULE = RetryPolicy.Settings.DEFAULT_SCHEDULE;
    public static final double DEFAULT_RETRY_JITTER = RetryPolicy.Settings.DEFAULT_JITTER;
    public static final boolean DEFAULT_FAIL_FAST_4XX = RetryPolicy.Settings.DEFAULT_FAIL_FAST_ON_4XX;
    public static final Duration DEFAULT_HTTP_TIMEOUT = HttpSettings.DEFAULT_REQUEST_TIMEOUT;
    /** The connect timeout when it is not set, unless the HTTP timeout is shorter (then that). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = HttpSettings.DEFAULT_CONNECT_TIMEOUT;

    public static final int DEFAULT_MAX_RESPONSE_BODY = HttpSettings.DEFAULT_MAX_RESPONSE_BODY_BYTES;
    /** None: the SSRF guard lets deliveries reach public addresses only. */
    public static final List<Cidr> DEFAULT_ALLOWED_NETWORKS = HttpSettings.DEFAULT_ALLOWED_NETWORKS;
    /** The lease when it is not set, unless twice the HTTP timeout is longer (then that). */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    public static final int DEFAULT_MAX_STALLS = 3;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_REAP_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** None: a message without secrets of its own goes unsigned. */
    public static final List<SigningSecret> DEFAULT_SIGNING_SECRETS = List.of();

    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final String FOLLOWS_HTTP_TIMEOUT = " (or unset it: it then follows " + HTTP_TIMEOUT + ")";

    /**
     * Every variable a worker reads, with its default and meaning: the connection's, the delivery settings, then the
     * endpoint health ones, the registry's and the outbox relay's ({@link ConfigVariables#ALL} adds the producer's and
     * the server's).
     */
    public static final List<ConfigVariable> VARIABLES = Stream.of(
                    ConnectionConfig.VARIABLES.stream(),
                    Stream.of(
                            new ConfigVariable(
                                    CONCURRENCY,
                                    Integer.toString(DEFAULT_CONCURRENCY),
                                    "Deliveries in flight per worker process"),
                            new ConfigVariable(
                                    ENDPOINT_CONCURRENCY,
                                    Integer.toString(DEFAULT_ENDPOINT_CONCURRENCY),
                                    "Deliveries in flight per endpoint (URL origin, or registered endpoint), across all workers"),
                            new ConfigVariable(
                                    RETRY_SCHEDULE,
                                    DEFAULT_RETRY_SCHEDULE.toString(),
                                    "Delays before each retry (5s,5m means three attempts in all), or exponential(initial,factor,cap,retries)"),
                            new ConfigVariable(
                                    RETRY_JITTER,
                                    Double.toString(DEFAULT_RETRY_JITTER),
                                    "Random spread of each retry delay, as a fraction (0.2 = +/-20%)"),
                            new ConfigVariable(
                                    FAIL_FAST_4XX,
                                    Boolean.toString(DEFAULT_FAIL_FAST_4XX),
                                    "Give up at the first 4xx other than 408, 425, 429 (and 410, which always gives up) instead of retrying"),
                            new ConfigVariable(
                                    RETRY_AFTER_CAP,
                                    "",
                                    "Longest delay a Retry-After may ask for (unset: twice the scheduled delay); never shorter than the schedule"),
                            new ConfigVariable(
                                    HTTP_TIMEOUT,
                                    Durations.format(DEFAULT_HTTP_TIMEOUT),
                                    "Longest one delivery attempt may take, response included"),
                            new ConfigVariable(
                                    CONNECT_TIMEOUT,
                                    "",
                                    "Longest a TCP/TLS connect may take; at most HOOKSHOT_HTTP_TIMEOUT (unset: "
                                            + Durations.format(DEFAULT_CONNECT_TIMEOUT)
                                            + ", or HOOKSHOT_HTTP_TIMEOUT when that is shorter)"),
                            new ConfigVariable(
                                    MAX_RESPONSE_BODY,
                                    Integer.toString(DEFAULT_MAX_RESPONSE_BODY),
                                    "Bytes of each response body kept in the history"),
                            new ConfigVariable(
                                    ALLOWED_NETWORKS,
                                    DEFAULT_ALLOWED_NETWORKS.stream()
                                            .map(Cidr::toString)
                                            .collect(Collectors.joining(",")),
                                    "Comma-separated CIDR networks the SSRF guard lets deliveries reach although not public, like 127.0.0.0/8 for local development"),
                            new ConfigVariable(
                                    LEASE,
                                    "",
                                    "How long a claimed job stays leased without renewal; at least twice HOOKSHOT_HTTP_TIMEOUT (unset: "
                                            + Durations.format(DEFAULT_LEASE)
                                            + ", or twice HOOKSHOT_HTTP_TIMEOUT when that is longer)"),
                            new ConfigVariable(
                                    MAX_STALLS,
                                    Integer.toString(DEFAULT_MAX_STALLS),
                                    "Expired leases a job survives before it is dead"),
                            new ConfigVariable(
                                    POLL_INTERVAL,
                                    Durations.format(DEFAULT_POLL_INTERVAL),
                                    "Longest an idle worker waits before asking Redis again"),
                            new ConfigVariable(
                                    REAP_INTERVAL,
                                    Durations.format(DEFAULT_REAP_INTERVAL),
                                    "How often each worker returns expired leases to the queue"),
                            new ConfigVariable(
                                    SHUTDOWN_GRACE,
                                    Durations.format(DEFAULT_SHUTDOWN_GRACE),
                                    "On SIGTERM, how long in-flight deliveries may take to finish"),
                            new ConfigVariable(
                                    WORKER_ID,
                                    "",
                                    "Name of this worker in the history (default: host name and process id)"),
                            new ConfigVariable(
                                    SIGNING_SECRET,
                                    "",
                                    "Secret (whsec_...) to sign requests of messages that have none; two, space-separated, while rotating; unset: unsigned")),
                    EndpointHealthConfig.VARIABLES.stream(),
                    OperationalWebhookConfig.VARIABLES.stream(),
                    RegistryConfig.VARIABLES.stream(),
                    OutboxRelayConfig.VARIABLES.stream())
            .flatMap(s -> s)
            .toList();

    public WorkerConfig {
        signingSecrets = List.copyOf(signingSecrets);
        allowedNetworks = List.copyOf(allowedNetworks);
        if (lease.compareTo(httpTimeout.multipliedBy(2)) < 0) {
            throw new InvalidConfigException(LEASE + " (" + Durations.format(lease) + ") must be at least twice "
                    + HTTP_TIMEOUT + " (" + Durations.format(httpTimeout) + "), or a slow delivery could outlive its"
                    + " lease and be sent twice: set " + LEASE + " to " + Durations.format(httpTimeout.multipliedBy(2))
                    + " or more" + FOLLOWS_HTTP_TIMEOUT + ", or " + HTTP_TIMEOUT + " to "
                    + Durations.format(lease.dividedBy(2)) + " or less");
        }
        if (connectTimeout.compareTo(httpTimeout) > 0) {
            throw new InvalidConfigException(CONNECT_TIMEOUT + " (" + Durations.format(connectTimeout)
                    + ") must not exceed " + HTTP_TIMEOUT + " (" + Durations.format(httpTimeout) + "): set "
                    + CONNECT_TIMEOUT + " to " + Durations.format(httpTimeout) + " or less" + FOLLOWS_HTTP_TIMEOUT
                    + ", or " + HTTP_TIMEOUT + " to " + Durations.format(connectTimeout) + " or more");
        }
    }

    /**
     * Reads and validates every variable; throws {@link InvalidConfigException} naming the first bad one. The
     * connect timeout and the lease, when unset, follow the HTTP timeout (see above).
     */
    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        ConnectionConfig connection = ConnectionConfig.fromEnvironment(env);
        Duration httpTimeout = r.duration(HTTP_TIMEOUT, DEFAULT_HTTP_TIMEOUT, MIN_TIMEOUT, HttpSettings.MAX_TIMEOUT);
        return new WorkerConfig(
                connection,
                r.integer(CONCURRENCY, DEFAULT_CONCURRENCY, 1, 10_000),
                endpointConcurrencyFrom(env),
                r.schedule(RETRY_SCHEDULE, DEFAULT_RETRY_SCHEDULE),
                r.fraction(RETRY_JITTER, DEFAULT_RETRY_JITTER),
                r.bool(FAIL_FAST_4XX, DEFAULT_FAIL_FAST_4XX),
                r.optionalDuration(RETRY_AFTER_CAP, Duration.ofSeconds(1)),
                httpTimeout,
                r.optionalDuration(CONNECT_TIMEOUT, MIN_TIMEOUT, HttpSettings.MAX_TIMEOUT)
                        .orElse(min(DEFAULT_CONNECT_TIMEOUT, httpTimeout)),
                r.integer(MAX_RESPONSE_BODY, DEFAULT_MAX_RESPONSE_BODY, 0, 16 * 1024 * 1024),
                r.networks(ALLOWED_NETWORKS, DEFAULT_ALLOWED_NETWORKS),
                r.optionalDuration(LEASE, Duration.ofSeconds(1))
                        .orElse(max(DEFAULT_LEASE, httpTimeout.multipliedBy(2))),
                r.integer(MAX_STALLS, DEFAULT_MAX_STALLS, 0, 100),
                r.duration(POLL_INTERVAL, DEFAULT_POLL_INTERVAL, Duration.ofMillis(10)),
                r.duration(REAP_INTERVAL, DEFAULT_REAP_INTERVAL, Duration.ofMillis(100)),
                r.duration(SHUTDOWN_GRACE, DEFAULT_SHUTDOWN_GRACE, Duration.ZERO),
                r.string(WORKER_ID, defaultWorkerId()),
                r.signingSecrets(SIGNING_SECRET, DEFAULT_SIGNING_SECRETS),
                EndpointHealthConfig.fromEnvironment(env),
                RegistryConfig.fromEnvironment(env),
                OperationalWebhookConfig.fromEnvironment(env));
    }

    /**
     * Only {@value #ENDPOINT_CONCURRENCY}, for {@code check}, which judges the round-robin by it and reads nothing
     * else of the delivery settings.
     */
    public static int endpointConcurrencyFrom(Map<String, String> env) {
        return new EnvReader(env).integer(ENDPOINT_CONCURRENCY, DEFAULT_ENDPOINT_CONCURRENCY, 1, 10_000);
    }

    public RedisUrl redisUrl() {
        return connection.redisUrl();
    }

    public DatabaseConfig database() {
        return connection.database();
    }

    public String queue() {
        return connection.queue();
    }

    public int partitions() {
        return connection.partitions();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
