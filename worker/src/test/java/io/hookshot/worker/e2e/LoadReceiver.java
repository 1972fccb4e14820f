package io.hookshot.worker.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver for runs of thousands of messages: several real HTTP endpoints on 127.0.0.1 (each its own origin, so
 * its own endpoint in the queue), counting per message id what it saw and answered, without keeping bodies.
 *
 * <p>Each request is answered after a fixed latency with the status the {@link Responder} picks. While
 * {@linkplain #hold() holding}, new requests are not looked at: they wait unseen until {@link #release()}, and are
 * then turned away with a 503 and still not counted as seen, as if they had never arrived. Thread-safe.
 */
final class LoadReceiver implements AutoCloseable {
    /** Picks the status for a request to {@code path}, given how many of its message's requests were seen before. */
    interface Responder {
        int status(String path, int earlierRequests);
    }

    private static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration latency;
    private final Responder responder;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong seen = new AtomicLong();
    private final Map<String, AtomicLong> seenByGroup = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final Map<Long, String> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsById = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> successesById = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstAnswerById = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate;

    LoadReceiver(int endpoints, Duration latency, Responder responder) {
        this.latency = latency;
        this.responder = responder;
        try {
            for (int i = 0; i < endpoints; i++) {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 500);
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

    int endpoints() {
        return servers.size();
    }

    String url(int endpoint, String path) {
        return "http://127.0.0.1:" + servers.get(endpoint).getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            CountDownLatch g = gate;
            if (g != null) {
                holdUnseen(exchange, g);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            long number = sequence.incrementAndGet();
            open.put(number, String.valueOf(id));
            try {
                seen.incrementAndGet();
                seenByGroup.computeIfAbsent(group(path), k -> new AtomicLong()).incrementAndGet();
                int earlier = id == null ? 0 : requestsById.computeIfAbsent(id, k -> new AtomicInteger())
                        .getAndIncrement();
                int status = responder.status(path, earlier);
                TimeUnit.NANOSECONDS.sleep(latency.toNanos());
                exchange.sendResponseHeaders(status, -1);
                if (id != null) {
                    firstAnswerById.putIfAbsent(id, Instant.now());
                    if (status / 100 == 2) {
                        successesById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            } finally {
                open.remove(number);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void holdUnseen(HttpExchange exchange, CountDownLatch g) throws IOException, InterruptedException {
        held.incrementAndGet();
        try {
            g.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            held.decrementAndGet();
        }
        exchange.sendResponseHeaders(503, -1);
    }

    /** From now on, hold new requests unseen. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Turns the held requests away (503, unseen) and goes back to answering. */
    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Requests waiting unseen right now. */
    int held() {
        return held.get();
    }

    /** Requests seen (not held) so far. */
    long seen() {
        return seen.get();
    }

    /** Requests seen so far whose path starts with {@code /<group>/}. */
    long seen(String group) {
        AtomicLong n = seenByGroup.get(group);
        return n == null ? 0 : n.get();
    }

    /** The first segment of a path: {@code r1} for {@code /r1/17}. */
    private static String group(String path) {
        int end = path.indexOf('/', 1);
        return end < 0 ? path.substring(1) : path.substring(1, end);
    }

    /** The requests being answered right now (seen, not yet answered), by number. */
    Set<Long> unanswered() {
        return Set.copyOf(open.keySet());
    }

    /** Whether every one of {@code requests} (numbers from {@link #unanswered()}) has been answered. */
    boolean answeredAll(Set<Long> requests) {
        return requests.stream().noneMatch(open::containsKey);
    }

    /** Messages answered with a 2xx at least once. */
    long delivered() {
        return successesById.size();
    }

    /** 2xx answers beyond the first per message: the duplicate deliveries. */
    long duplicates() {
        return successesById.values().stream().mapToLong(n -> Math.max(0, n.get() - 1)).sum();
    }

    int successes(String id) {
        AtomicInteger n = successesById.get(id);
        return n == null ? 0 : n.get();
    }

    int requests(String id) {
        AtomicInteger n = requestsById.get(id);
        return n == null ? 0 : n.get();
    }

    /** When the message's first seen request was answered. */
    Optional<Instant> firstAnswer(String id) {
        return Optional.ofNullable(firstAnswerById.get(id));
    }

    @Override
    public void close() {
        release();
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
