package io.hookshot.testing;

import io.hookshot.testing.TestReceiver.RawBehaviour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Hostile behaviours for a raw {@link TestReceiver}, and the pieces to write others. Stateless. */
public final class RawBehaviours {
    private static final Duration MAX_WAIT = Duration.ofMinutes(2);
    private static final int MAX_HEAD = 64 * 1024;

    private RawBehaviours() {}

    /** Reads the request and never answers. */
    public static RawBehaviour hanging() {
        return (socket, stop) -> {
            readRequest(socket);
            awaitStop(stop);
        };
    }

    /** Reads the request and resets the connection (RST). */
    public static RawBehaviour resetting() {
        return (socket, stop) -> {
            readRequest(socket);
            socket.setSoLinger(true, 0);
            socket.close();
        };
    }

    /** Reads the request and answers 200 one byte per second (slowloris). */
    public static RawBehaviour trickling() {
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);
        return (socket, stop) -> {
            readRequest(socket);
            OutputStream out = socket.getOutputStream();
            for (byte b : answer) {
                out.write(b);
                out.flush();
                if (stop.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            }
        };
    }

    /** Reads the request and answers 200 with a body of {@code bytes} bytes, sent as fast as the client reads. */
    public static RawBehaviour answeringWithBody(long bytes) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        return (socket, stop) -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes + "\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            for (long sent = 0; sent < bytes && stop.getCount() > 0; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
            }
            out.flush();
        };
    }

    /** Reads the request and answers 302 to {@code location}. */
    public static RawBehaviour redirectingTo(String location) {
        return (socket, stop) -> {
            readRequest(socket);
            write(
                    socket,
                    "HTTP/1.1 302 Found\r\nLocation: " + location
                            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        };
    }

    /** Reads the request, writes {@code text} as it is (a garbled or partial answer) and waits for the test's end. */
    public static RawBehaviour writingThenWaiting(String text) {
        return (socket, stop) -> {
            readRequest(socket);
            write(socket, text);
            awaitStop(stop);
        };
    }

    /** Reads one request's head and its content-length body, so that closing later sends FIN, not RST. */
    public static void readRequest(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n") && head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
        }
        long contentLength = head.toString(StandardCharsets.ISO_8859_1)
                .lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToLong(line -> Long.parseLong(
                        line.substring("content-length:".length()).strip()))
                .findFirst()
                .orElse(0);
        in.skipNBytes(contentLength);
    }

    /** Writes {@code text} (ISO-8859-1) and flushes. */
    public static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Waits for the receiver to close, for at most two minutes. */
    public static void awaitStop(CountDownLatch stop) throws InterruptedException {
        stop.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
