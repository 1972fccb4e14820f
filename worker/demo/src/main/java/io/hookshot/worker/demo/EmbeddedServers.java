package io.hookshot.worker.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A Redis and a PostgreSQL started for the demo, on free loopback ports, keeping nothing on disk once closed. Only
 * in {@code hookshot-demo.jar} (this module): the production jar has neither their classes nor their binaries.
 * Neither stops from a shutdown hook of its own: they stop when closed, after what uses them (the PostgreSQL server
 * runs in a session of its own, and so does Redis where it can, see {@link EmbeddedRedis}, so Ctrl-C reaches them
 * through this JVM only). Not thread-safe; close once.
 */
final class EmbeddedServers implements AutoCloseable {
    private final EmbeddedRedis redis;
    private final int redisPort;
    private final EmbeddedPostgres postgres;

    private EmbeddedServers(EmbeddedRedis redis, int redisPort, EmbeddedPostgres postgres) {
        this.redis = redis;
        this.redisPort = redisPort;
        this.postgres = postgres;
    }

    static EmbeddedServers start() {
        int port = freePort();
        EmbeddedRedis redis;
        try {
            redis = EmbeddedRedis.start(port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis on port " + port, e);
        }
        try {
            return new EmbeddedServers(
                    redis,
                    port,
                    EmbeddedPostgres.builder().setRegisterShutdownHook(false).start());
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw new IllegalStateException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for Redis", e);
        }
    }

    /** Stops PostgreSQL, then Redis: the reverse of their start. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
        }
        redis.close();
    }
}
