package io.hookshot.worker.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's webhook receiver, on a free loopback port. It answers by the sample's number, the last segment of its
 * path: every {@value #DEAD_EVERY}th always fails (500), so it ends in the dead-letter archive; every
 * {@value #FLAKY_EVERY}th fails its first attempt (503) and is delivered on a retry; the rest succeed. Thread-safe.
 */
final class SampleReceiver implements AutoCloseable {
    static final int DEAD_EVERY = 50;
    static final int FLAKY_EVERY = 5;
    private static final String WEBHOOK_ID = "webhook-id";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentHashMap<String, Integer> attemptsById = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    SampleReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sample receiver", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    /** The URL of sample number {@code n}. */
    String url(int n) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/demo/orders/" + n;
    }

    long requests() {
        return requests.get();
    }

    /** Whether sample {@code n} will end dead (every attempt fails). */
    static boolean failsAlways(int n) {
        return n % DEAD_EVERY == 0;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
            requests.incrementAndGet();
            exchange.sendResponseHeaders(statusFor(exchange), -1);
        }
    }

    private int statusFor(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        int n;
        try {
            n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return 404;
        }
        if (failsAlways(n)) {
            return 500;
        }
        String id = String.valueOf(exchange.getRequestHeaders().getFirst(WEBHOOK_ID));
        int attempt = attemptsById.merge(id, 1, Integer::sum);
        return n % FLAKY_EVERY == 1 && attempt == 1 ? 503 : 200;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
