package io.hookshot.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestReceiver.Receipt;
import io.hookshot.testing.TestReceiver.Script;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The scripted mode of {@link TestReceiver}: HTTP servers on 127.0.0.1 sharing one {@link Script} and one
 * {@link Receipts}, each request on its own virtual thread. Thread-safe.
 */
final class ScriptedServer implements AutoCloseable {
    private static final Duration MAX_HOLD = Duration.ofSeconds(30);
    private static final int BACKLOG = 500;

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Script script;
    private final Receipts receipts = new Receipts();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<Long> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    /** While closed, new requests wait unseen ({@link #hold}). */
    private final Gate unseen = new Gate();
    /** While closed, seen requests wait before their answer is sent ({@link #holdAnswers}). */
    private final Gate answers = new Gate();

    /** Where requests wait, at most {@link #MAX_HOLD}, while it is closed. */
    private static final class Gate {
        private volatile CountDownLatch latch;

        void close() {
            latch = new CountDownLatch(1);
        }

        void open() {
            CountDownLatch l = latch;
            latch = null;
            if (l != null) {
                l.countDown();
            }
        }

        boolean closed() {
            return latch != null;
        }

        /** Waits while closed, at most {@link #MAX_HOLD}. */
        void pass() throws InterruptedException {
            CountDownLatch l = latch;
            if (l != null) {
                l.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    ScriptedServer(int ports, Script script) {
        this.script = script;
        try {
            for (int i = 0; i < ports; i++) {
                HttpServer server =
                        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
                server.setExecutor(executor);
                server.createContext("/", this::handle);
                server.start();
                servers.add(server);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    int ports() {
        return servers.size();
    }

    int port(int index) {
        return servers.get(index).getAddress().getPort();
    }

    Receipts receipts() {
        return receipts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (unseen.closed()) {
                holdUnseen(exchange);
                return;
            }
            Receipt receipt = receiptOf(exchange);
            long number = sequence.incrementAndGet();
            open.add(number);
            try {
                Answer answer = script.answer(receipt, receipts.add(receipt));
                answers.pass();
                if (!answer.delay().isZero()) {
                    TimeUnit.NANOSECONDS.sleep(answer.delay().toNanos());
                }
                send(exchange, answer);
                receipts.answered(receipt, answer.status());
            } finally {
                open.remove(number);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Receipt receiptOf(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        e -> e.getKey().toLowerCase(Locale.ROOT),
                        e -> String.join(", ", e.getValue()),
                        (a, b) -> a + ", " + b));
        return new Receipt(
                headers.get("webhook-id"),
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                headers,
                body,
                exchange.getRemoteAddress().getPort(),
                at);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers()
                .forEach((name, values) ->
                        values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
        byte[] body = answer.bodyBytes();
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException clientLeftEarly) {
                // A client that stops reading at its body limit drops the connection: expected in those tests.
            }
        }
    }

    private void holdUnseen(HttpExchange exchange) throws IOException, InterruptedException {
        held.incrementAndGet();
        try {
            unseen.pass();
        } finally {
            held.decrementAndGet();
        }
        exchange.sendResponseHeaders(503, -1);
    }

    void hold() {
        unseen.close();
    }

    void release() {
        unseen.open();
    }

    void holdAnswers() {
        answers.close();
    }

    void releaseAnswers() {
        answers.open();
    }

    int held() {
        return held.get();
    }

    Set<Long> unanswered() {
        return Set.copyOf(open);
    }

    boolean answeredAll(Set<Long> requests) {
        return requests.stream().noneMatch(open::contains);
    }

    @Override
    public void close() {
        unseen.open();
        answers.open();
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
