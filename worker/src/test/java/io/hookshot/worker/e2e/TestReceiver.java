package io.hookshot.worker.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real HTTP receiver on 127.0.0.1, port 0, for tests: records every request and answers as {@link Responder}
 * says (status, after an optional delay). Thread-safe.
 */
final class TestReceiver implements AutoCloseable {
    /** One request as received. */
    record Received(String webhookId, String body, Map<String, String> headers, Instant at) {
    }

    /** Decides the answer to a request, given how many requests this message id had before (0 for the first). */
    interface Responder {
        Answer answer(Received request, int earlierRequests);
    }

    record Answer(int status, Duration delay) {
        static Answer ok() {
            return new Answer(200, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> countById = new ConcurrentHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private volatile Responder responder;

    TestReceiver(Responder responder) {
        this.responder = responder;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static TestReceiver alwaysOk() {
        return new TestReceiver((request, earlier) -> Answer.ok());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                            e -> String.join(", ", e.getValue()), (a, b) -> a));
            Received request = new Received(headers.get("webhook-id"), body, headers, Instant.now());
            int earlier = countById.merge(String.valueOf(request.webhookId()), 1, Integer::sum) - 1;
            received.add(request);
            Answer answer = responder.answer(request, earlier);
            if (!answer.delay().isZero()) {
                TimeUnit.MILLISECONDS.sleep(answer.delay().toMillis());
            }
            exchange.sendResponseHeaders(answer.status(), -1);
            if (answer.status() / 100 == 2 && request.webhookId() != null) {
                delivered.add(request.webhookId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedFor(String id) {
        return received.stream().filter(r -> id.equals(r.webhookId())).toList();
    }

    /** Ids answered with a 2xx at least once. */
    Set<String> delivered() {
        return Set.copyOf(delivered);
    }

    /** Requests beyond the first per id: with a receiver that always answers 2xx, the duplicate deliveries. */
    long repeatedRequests() {
        Map<String, Long> perId = received.stream().filter(r -> r.webhookId() != null)
                .collect(Collectors.groupingBy(Received::webhookId, Collectors.counting()));
        return perId.values().stream().mapToLong(n -> n - 1).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
