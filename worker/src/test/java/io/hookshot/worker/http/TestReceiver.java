package io.hookshot.worker.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A well-behaved webhook receiver on 127.0.0.1 and a free port: answers every request with one fixed reply and
 * records what it received. Thread-safe. Closing it stops its thread.
 */
final class TestReceiver implements AutoCloseable {

    /** The fixed answer: status, headers (a name may repeat), body. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** One request as it arrived; header lookups are case-insensitive. */
    record Received(String method, String path, Headers headers, byte[] body, int clientPort) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestReceiver(Reply reply) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> answer(exchange, reply));
        server.start();
    }

    static TestReceiver answering(Reply reply) {
        try {
            return new TestReceiver(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void answer(HttpExchange exchange, Reply reply) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getPort()));
            reply.headers().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            } catch (IOException clientLeftEarly) {
                // The dispatcher stops reading at its body limit and drops the connection: expected here.
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
