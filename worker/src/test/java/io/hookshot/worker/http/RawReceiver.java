package io.hookshot.worker.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A misbehaving receiver on 127.0.0.1 (or another loopback address) and a free port, speaking raw TCP: each
 * connection is handed to a
 * {@link Behaviour}. Closing it releases {@link #stop}, closes every socket and waits (boundedly) for its thread to
 * end. Thread-safe.
 */
public final class RawReceiver implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 16;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    /** What to do with one accepted connection; should return (or fail) soon once {@code stop} is released. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket socket, CountDownLatch stop) throws IOException, InterruptedException;
    }

    private final ServerSocket serverSocket;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private RawReceiver(InetAddress loopback, Behaviour behaviour) throws IOException {
        if (!loopback.isLoopbackAddress()) {
            throw new IllegalArgumentException("test receivers listen on loopback only, not " + loopback);
        }
        serverSocket = new ServerSocket(0, 50, loopback);
        thread = Thread.ofPlatform().name("raw-receiver").daemon().start(() -> acceptLoop(behaviour));
    }

    static RawReceiver behaving(Behaviour behaviour) {
        try {
            return behaving(InetAddress.getByName("127.0.0.1"), behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A receiver listening on {@code loopback}, which must be a loopback address. */
    static RawReceiver behaving(InetAddress loopback, Behaviour behaviour) {
        try {
            return new RawReceiver(loopback, behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + serverSocket.getLocalPort() + path;
    }

    private void acceptLoop(Behaviour behaviour) {
        for (int i = 0; i < MAX_CONNECTIONS && !serverSocket.isClosed(); i++) {
            try (Socket socket = serverSocket.accept()) {
                sockets.add(socket);
                behaviour.serve(socket, stop);
            } catch (IOException | InterruptedException e) {
                // The client hung up, or the receiver is closing: either way, on to the next connection or out.
            }
        }
    }

    /** Reads one request's head and its content-length body, so that closing later sends FIN, not RST. */
    public static void readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") && head.size() < 64 * 1024) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
        }
        long contentLength = head.toString(StandardCharsets.ISO_8859_1).lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(line -> Long.parseLong(line.substring("content-length:".length()).strip()))
                .findFirst().orElse(0);
        in.skipNBytes(contentLength);
    }

    static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Waits for the test to end, for at most a minute. */
    static void awaitStop(CountDownLatch stop) throws InterruptedException {
        stop.await(1, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop.countDown();
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (!thread.join(JOIN_TIMEOUT)) {
            throw new IllegalStateException("raw receiver thread did not stop within " + JOIN_TIMEOUT);
        }
    }
}
