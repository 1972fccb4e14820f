package io.hookshot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import redis.embedded.RedisServer;

/**
 * A real Redis for tests: the server named by {@value #URL_ENV}, or else an embedded redis-server (6.2) started
 * once per JVM on a free loopback port and stopped at exit. Thread-safe.
 */
public final class TestRedis {
    public static final String URL_ENV = "HOOKSHOT_TEST_REDIS_URL";

    private static TestRedis instance;

    private final String url;

    private TestRedis(String url) {
        this.url = url;
    }

    public static synchronized TestRedis get() {
        if (instance == null) {
            String external = System.getenv(URL_ENV);
            instance = new TestRedis(external != null && !external.isBlank() ? external : startEmbedded());
        }
        return instance;
    }

    /** {@code redis://host:port}. */
    public String url() {
        return url;
    }

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        return URI.create(url).getPort();
    }

    private static String startEmbedded() {
        try {
            int port = freePort();
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    System.err.println("could not stop embedded Redis: " + e);
                }
            }));
            return "redis://127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis", e);
        }
    }

    /** A TCP port that was free a moment ago on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
