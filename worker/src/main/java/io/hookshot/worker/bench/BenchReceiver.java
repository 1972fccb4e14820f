package io.hookshot.worker.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The local webhook receiver of the bench and the demo: the JDK's HTTP server on 127.0.0.1, port 0, one virtual
 * thread per request. Each request is read to the end and answered (after {@code delay}, for a slow receiver) with
 * the status its {@link Answers} decide: for the bench, the current scenario's {@link ReceiptLog}, which records the
 * receipt; for the demo, its sample rules. Bodies are not kept. Thread-safe.
 */
public final class BenchReceiver implements AutoCloseable {
    /** Decides the status of one request. Called concurrently, one call per request. */
    @FunctionalInterface
    public interface Answers {
        /**
         * @param path      the request's path
         * @param webhookId its {@code webhook-id} header, or null without one
         */
        int status(String path, String webhookId);
    }

    private static final String ID_HEADER = "webhook-id";
    private static final int BACKLOG = 4096;
    private static final byte[] OK_BODY = "ok".getBytes();
    /**
     * The JDK server closes idle keep-alive connections above this many (default 200), which a pooled client then
     * finds reset on its next request: more than the most deliveries a bench keeps in flight.
     */
    private static final String MAX_IDLE_CONNECTIONS_PROPERTY = "sun.net.httpserver.maxIdleConnections";

    private static final String MAX_IDLE_CONNECTIONS = "100000";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration delay;
    private final Answers answers;
    private volatile ReceiptLog log = new ReceiptLog(0, 0);

    /** The bench's receiver: the scenario's {@link ReceiptLog} ({@link #use}) answers and records each request. */
    BenchReceiver(Duration delay) {
        this(delay, null);
    }

    /** {@code answers} null: the scenario's {@link ReceiptLog} answers. */
    private BenchReceiver(Duration delay, Answers answers) {
        this.delay = delay;
        this.answers = answers != null ? answers : (path, id) -> log.answer(id, System.nanoTime(), epochMicros());
        System.setProperty(MAX_IDLE_CONNECTIONS_PROPERTY, MAX_IDLE_CONNECTIONS); // read once, by the first server
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bench receiver", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A receiver that answers as {@code answers} say, at once. */
    public static BenchReceiver answering(Answers answers) {
        return new BenchReceiver(Duration.ZERO, Objects.requireNonNull(answers, "answers"));
    }

    URI url() {
        return url("/hook");
    }

    /** The URL of {@code path} (starting with a slash) on this receiver. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Records the receipts of the scenario about to run in {@code next}. */
    void use(ReceiptLog next) {
        this.log = next;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
            int status = answers.status(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(ID_HEADER));
            if (!delay.isZero()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(delay.toNanos()); // the slow receiver being simulated
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            exchange.sendResponseHeaders(status, OK_BODY.length);
            exchange.getResponseBody().write(OK_BODY);
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** Stops serving; requests in flight are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
