package io.hookshot.worker.e2e;

import java.io.ByteArrayOutputStream;
import io.hookshot.worker.http.RawReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on 127.0.0.1 that misbehaves on purpose, speaking raw TCP, each connection on its own virtual thread
 * and as many connections as come (unlike {@code http.RawReceiver}, which serves a few for unit tests). Closing it
 * releases every behaviour that waits and closes every socket. Thread-safe.
 */
final class HostileReceiver implements AutoCloseable {
    /** What to do with one accepted connection; should return soon once {@code stop} is released. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket socket, CountDownLatch stop) throws IOException, InterruptedException;
    }

    private static final Duration MAX_WAIT = Duration.ofMinutes(2);

    private final String name;
    private final ServerSocket serverSocket;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    private HostileReceiver(String name, Behaviour behaviour) throws IOException {
        this.name = name;
        this.serverSocket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("hostile-" + name).start(() -> acceptLoop(behaviour));
    }

    /** Reads the request and never answers. */
    static HostileReceiver hanging() {
        return of("hang", (socket, stop) -> {
            RawReceiver.readRequest(socket);
            stop.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Reads the request and resets the connection (RST). */
    static HostileReceiver resetting() {
        return of("reset", (socket, stop) -> {
            RawReceiver.readRequest(socket);
            socket.setSoLinger(true, 0);
            socket.close();
        });
    }

    /** Reads the request and answers one byte per second. */
    static HostileReceiver trickling() {
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);
        return of("trickle", (socket, stop) -> {
            RawReceiver.readRequest(socket);
            OutputStream out = socket.getOutputStream();
            for (byte b : answer) {
                out.write(b);
                out.flush();
                if (stop.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            }
        });
    }

    /** Reads the request and answers 200 with a body of {@code bytes} bytes, sent as fast as the client reads. */
    static HostileReceiver answeringWithBody(long bytes) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        return of("huge", (socket, stop) -> {
            RawReceiver.readRequest(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (long sent = 0; sent < bytes && stop.getCount() > 0; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
            }
            out.flush();
        });
    }

    /** Reads the request and answers 302 to {@code location}. */
    static HostileReceiver redirectingTo(String location) {
        return of("redirect", (socket, stop) -> {
            RawReceiver.readRequest(socket);
            socket.getOutputStream().write(("HTTP/1.1 302 Found\r\nLocation: " + location
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        });
    }

    private static HostileReceiver of(String name, Behaviour behaviour) {
        try {
            return new HostileReceiver(name, behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    String url(String path) {
        return "http://127.0.0.1:" + serverSocket.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Connections open right now. */
    int open() {
        return sockets.size();
    }

    private void acceptLoop(Behaviour behaviour) {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return; // closing
            }
            accepted.incrementAndGet();
            sockets.add(socket);
            Thread.ofVirtual().name("hostile-" + name + "-conn").start(() -> {
                try (socket) {
                    behaviour.serve(socket, stop);
                } catch (IOException | InterruptedException e) {
                    // the client hung up or gave up, or the receiver is closing
                } finally {
                    sockets.remove(socket);
                }
            });
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            serverSocket.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
