package io.hookshot.testing;

import io.hookshot.testing.TestReceiver.RawBehaviour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw mode of {@link TestReceiver}: a TCP server on a loopback address handing each connection, on its own
 * virtual thread, to a {@link RawBehaviour}. Closing it releases {@code stop}, closes every socket and waits
 * (boundedly) for the accepting thread to end. Thread-safe.
 */
final class RawServer implements AutoCloseable {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    private static final int BACKLOG = 200;

    private final ServerSocket serverSocket;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    RawServer(InetAddress loopback, RawBehaviour behaviour) {
        if (!loopback.isLoopbackAddress()) {
            throw new IllegalArgumentException("test receivers listen on loopback only, not " + loopback);
        }
        try {
            serverSocket = new ServerSocket(0, BACKLOG, loopback);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().name("raw-receiver-" + port()).start(() -> acceptLoop(behaviour));
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    int open() {
        return sockets.size();
    }

    private void acceptLoop(RawBehaviour behaviour) {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException closing) {
                return;
            }
            accepted.incrementAndGet();
            sockets.add(socket);
            Thread.ofVirtual().name("raw-receiver-conn").start(() -> {
                try (socket) {
                    behaviour.serve(socket, stop);
                } catch (IOException | InterruptedException e) {
                    // The client hung up or gave up, or the receiver is closing: this connection is done either way.
                } finally {
                    sockets.remove(socket);
                }
            });
        }
    }

    @Override
    public void close() {
        stop.countDown();
        closeQuietly(serverSocket);
        sockets.forEach(RawServer::closeQuietly);
        try {
            if (!acceptor.join(JOIN_TIMEOUT)) {
                throw new IllegalStateException("raw receiver thread did not stop within " + JOIN_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception alreadyClosed) {
            // Closing twice, or a socket its behaviour already closed: nothing left to release.
        }
    }
}
