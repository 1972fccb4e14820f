package io.hookshot.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy for fault injection: forwards 127.0.0.1:{@link #port()} to a target, and can cut every
 * connection and refuse new ones ({@link #block()}) until {@link #unblock()}, as if the server behind it were down,
 * or hold the bytes flowing one way for a while ({@link #delay(Direction, Duration)}), as if the network or the
 * server were slow. Only ever targets loopback addresses. Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {
    /** Which way bytes flow through the proxy. */
    public enum Direction {
        /** From the client to the target: requests. */
        TO_TARGET,
        /** From the target back to the client: replies. */
        TO_CLIENT
    }

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<Direction, Duration> delays = new ConcurrentHashMap<>();
    private volatile boolean blocked;

    public TcpProxy(String targetHost, int targetPort) {
        try {
            InetAddress address = InetAddress.getByName(targetHost);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("TcpProxy only targets loopback addresses, not " + targetHost);
            }
            this.target = new InetSocketAddress(address, targetPort);
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Direction direction : Direction.values()) {
            delays.put(direction, Duration.ZERO);
        }
        Thread.ofPlatform().daemon().name("tcp-proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Cuts every open connection and refuses new ones. */
    public void block() {
        blocked = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void unblock() {
        blocked = false;
    }

    /**
     * From now on, holds every chunk read in {@code direction} for {@code delay} before passing it on, on every
     * connection, open or new; {@link Duration#ZERO} passes bytes on at once again. Bytes never overtake each other:
     * a chunk read after the delay shrank still waits for the chunks read before it.
     */
    public void delay(Direction direction, Duration delay) {
        Objects.requireNonNull(direction, "direction");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        delays.put(direction, delay);
    }

    /** The delay now applied in {@code direction}. */
    public Duration delay(Direction direction) {
        return delays.get(direction);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (blocked) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 2000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, Direction.TO_TARGET);
                pump(upstream, client, Direction.TO_CLIENT);
            } catch (IOException e) {
                // accept failed (closing) or the target refused: the client sees its connection drop
            }
        }
    }

    /** Copies {@code from} to {@code to} through a delay line: one thread reads, another writes when due. */
    private void pump(Socket from, Socket to, Direction direction) {
        DelayQueue<Chunk> line = new DelayQueue<>();
        Thread.ofPlatform().daemon().name("tcp-proxy-read").start(() -> {
            byte[] buffer = new byte[16 * 1024];
            long sequence = 0;
            long lastDue = 0;
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long due = Math.max(System.nanoTime() + delay(direction).toNanos(), lastDue);
                    lastDue = due;
                    line.add(new Chunk(Arrays.copyOf(buffer, n), due, sequence++));
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                line.add(new Chunk(null, lastDue, sequence));
            }
        });
        Thread.ofPlatform().daemon().name("tcp-proxy-write").start(() -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk chunk = line.take(); chunk.bytes() != null; chunk = line.take()) {
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    /** Bytes read from one side, due to be written to the other at {@code dueNanos}; null bytes end the stream. */
    private record Chunk(byte[] bytes, long dueNanos, long sequence) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Chunk that = (Chunk) other;
            int byDue = Long.compare(dueNanos, that.dueNanos);
            return byDue != 0 ? byDue : Long.compare(sequence, that.sequence);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        block();
    }
}
