package io.hookshot.worker.demo;

import io.hookshot.worker.api.AdminServer;
import io.hookshot.worker.config.InvalidConfigException;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything Hookshot runs, in one process, for the demo and for local development: Redis and PostgreSQL (the
 * configured ones, or embedded ones started here when none is configured), a worker, and the server with its
 * dashboard. Deliveries may reach loopback receivers unless {@value WorkerConfig#ALLOWED_NETWORKS} says otherwise.
 * Close once: stops everything and removes what it started.
 */
public final class DemoStack implements AutoCloseable {
    /** The queue the demo's sample traffic goes through, apart from any real one. */
    public static final String DEMO_QUEUE = "hookshot-demo";

    private static final String LOOPBACK = "127.0.0.0/8,::1/128";
    private static final String SHUTDOWN_GRACE = "5s";

    private final Optional<EmbeddedServers> embedded;
    private final Map<String, String> env;
    private final String token;
    private final Worker worker;
    private final AdminServer admin;
    private final Database database;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoStack(Optional<EmbeddedServers> embedded, Map<String, String> env, String token) {
        this.embedded = embedded;
        this.env = Map.copyOf(env);
        this.token = token;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WorkerConfig config = WorkerConfig.fromEnvironment(env);
        this.worker = Worker.start(config, registry);
        this.admin = AdminServer.start(env, ServerConfig.fromEnvironment(env), Optional.of(token), registry);
        this.database = Database.connect(config.database());
    }

    /**
     * Starts the stack for {@code queue}, serving on {@code httpPort} (0: a free port).
     *
     * @throws InvalidConfigException when only one of Redis and PostgreSQL is configured
     */
    public static DemoStack start(Map<String, String> userEnv, String queue, int httpPort) {
        Map<String, String> env = new HashMap<>(userEnv);
        Optional<EmbeddedServers> embedded = serversFor(env);
        env.put(WorkerConfig.QUEUE, queue);
        env.put(ServerConfig.HTTP_PORT, Integer.toString(httpPort));
        env.putIfAbsent(WorkerConfig.ALLOWED_NETWORKS, LOOPBACK);
        env.putIfAbsent(WorkerConfig.SHUTDOWN_GRACE, SHUTDOWN_GRACE);
        String token = Optional.ofNullable(env.get(ServerConfig.API_TOKEN))
                .filter(t -> !t.isBlank())
                .orElseGet(DemoStack::randomToken);
        env.put(ServerConfig.API_TOKEN, token);
        try {
            return new DemoStack(embedded, env, token);
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedServers::close);
            throw e;
        }
    }

    private static Optional<EmbeddedServers> serversFor(Map<String, String> env) {
        boolean redis = isSet(env, WorkerConfig.REDIS_URL);
        boolean postgres = isSet(env, WorkerConfig.DATABASE_URL);
        if (redis && postgres) {
            return Optional.empty();
        }
        if (redis || postgres) {
            throw new InvalidConfigException((redis ? WorkerConfig.DATABASE_URL : WorkerConfig.REDIS_URL)
                    + " is not set: set both " + WorkerConfig.REDIS_URL + " and " + WorkerConfig.DATABASE_URL
                    + " to use your servers, or neither to start embedded ones");
        }
        EmbeddedServers servers = EmbeddedServers.start();
        env.put(WorkerConfig.REDIS_URL, servers.redisUrl());
        env.put(WorkerConfig.DATABASE_URL, servers.jdbcUrl());
        env.put(WorkerConfig.DATABASE_USER, "postgres");
        env.put(WorkerConfig.DATABASE_PASSWORD, "");
        return Optional.of(servers);
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The settings the stack runs with (Redis and PostgreSQL URLs included), for producers and commands. */
    public Map<String, String> env() {
        return env;
    }

    public boolean embedded() {
        return embedded.isPresent();
    }

    public String token() {
        return token;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + admin.port();
    }

    /** The dashboard, signed in: the token rides in the fragment, which never reaches a server or its logs. */
    public String dashboardUrl() {
        return baseUrl() + "/#token=" + token;
    }

    DemoCounts counts(String queue, Instant since) {
        return DemoCounts.read(database, queue, since);
    }

    /**
     * Stops everything and removes what it started, in the reverse order of the start: what uses Redis and
     * PostgreSQL (the worker last of them) before the embedded servers. Only the first call does anything.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        database.close();
        admin.close();
        worker.close();
        embedded.ifPresent(EmbeddedServers::close);
    }
}
