package io.hookshot.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The webhook receiver of the tests: real endpoints on loopback and free ports, in one of two modes.
 *
 * <ul>
 *   <li><b>Scripted</b> ({@link #scripted}, {@link #alwaysOk}, {@link #answering}): a real HTTP server on
 *       127.0.0.1 that answers each request as its {@link Script} says (status, delay, headers, body) and records
 *       a {@link Receipt} of every request it sees. It can listen on several ports ({@link #scripted(int, Script)}),
 *       each its own origin (so its own endpoint in the queue), all sharing one script and one record; and it can
 *       {@linkplain #hold() hold} new requests unseen, or {@linkplain #holdAnswers() hold the answers} of the
 *       requests it sees.</li>
 *   <li><b>Raw</b> ({@link #raw}): a TCP server handing each connection, on its own virtual thread, to a
 *       {@link RawBehaviour} (see {@link RawBehaviours}: hang, reset, trickle, garbage...). It records nothing but
 *       {@linkplain #accepted() accepted} and {@linkplain #open() open} connections.</li>
 * </ul>
 * Closing it releases every waiting request or behaviour and stops its threads. Thread-safe.
 */
public final class TestReceiver implements AutoCloseable {
    /** One request as it arrived: header names lower-cased, repeated headers joined with ", ". */
    public record Receipt(
            String webhookId,
            String method,
            String path,
            Map<String, String> headers,
            String body,
            int clientPort,
            Instant at) {}

    /** The answer to one request: status, after a delay, with headers (a name may repeat) and a body. */
    public record Answer(int status, Duration delay, Map<String, List<String>> headers, String body) {
        public Answer {
            Objects.requireNonNull(delay, "delay");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        public static Answer ok() {
            return status(200);
        }

        public static Answer status(int status) {
            return new Answer(status, Duration.ZERO, Map.of(), "");
        }

        public static Answer of(int status, String body) {
            return new Answer(status, Duration.ZERO, Map.of(), body);
        }

        /** This answer, sent {@code delay} after the request arrived. */
        public Answer after(Duration delay) {
            return new Answer(status, delay, headers, body);
        }

        /** This answer with these headers instead. */
        public Answer withHeaders(Map<String, List<String>> headers) {
            return new Answer(status, delay, headers, body);
        }

        byte[] bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Decides the answer to a request, given how many requests its webhook id had before (0 for the first). */
    @FunctionalInterface
    public interface Script {
        Answer answer(Receipt request, int earlierRequests) throws InterruptedException;
    }

    /** What to do with one accepted connection; should return (or fail) soon once {@code stop} is released. */
    @FunctionalInterface
    public interface RawBehaviour {
        void serve(Socket socket, CountDownLatch stop) throws IOException, InterruptedException;
    }

    private final ScriptedServer scripted;
    private final RawServer raw;

    private TestReceiver(ScriptedServer scripted, RawServer raw) {
        this.scripted = scripted;
        this.raw = raw;
    }

    /** Scripted mode on one port. */
    public static TestReceiver scripted(Script script) {
        return scripted(1, script);
    }

    /** Scripted mode on {@code ports} ports of 127.0.0.1, one script and one record for all. */
    public static TestReceiver scripted(int ports, Script script) {
        return new TestReceiver(new ScriptedServer(ports, script), null);
    }

    /** Scripted mode answering every request the same. */
    public static TestReceiver answering(Answer answer) {
        return scripted((request, earlier) -> answer);
    }

    /** Scripted mode answering 200 to every request. */
    public static TestReceiver alwaysOk() {
        return answering(Answer.ok());
    }

    /** Raw mode on 127.0.0.1. */
    public static TestReceiver raw(RawBehaviour behaviour) {
        return raw(InetAddress.getLoopbackAddress(), behaviour);
    }

    /** Raw mode on {@code loopback}, which must be a loopback address. */
    public static TestReceiver raw(InetAddress loopback, RawBehaviour behaviour) {
        return new TestReceiver(null, new RawServer(loopback, behaviour));
    }

    /** The (first) port it listens on. */
    public int port() {
        return port(0);
    }

    public int ports() {
        return raw != null ? 1 : scripted.ports();
    }

    public String url(String path) {
        return url(0, path);
    }

    /** A URL on its {@code port}-th port (from 0). */
    public String url(int port, String path) {
        return "http://127.0.0.1:" + port(port) + path;
    }

    private int port(int index) {
        if (raw != null) {
            Objects.checkIndex(index, 1);
            return raw.port();
        }
        return scripted.port(index);
    }

    /** Every request seen so far, in order of arrival. */
    public List<Receipt> received() {
        return scripted().receipts().all();
    }

    /** When the first request after {@code instant} arrived. */
    public Instant firstReceivedAfter(Instant instant) {
        return received().stream()
                .map(Receipt::at)
                .filter(at -> at.isAfter(instant))
                .min(Instant::compareTo)
                .orElseThrow(() -> new AssertionError("no request arrived after " + instant));
    }

    public List<Receipt> receivedFor(String webhookId) {
        return scripted().receipts().forId(webhookId);
    }

    /** Webhook ids answered with a 2xx at least once. */
    public Set<String> delivered() {
        return scripted().receipts().delivered();
    }

    /** Requests beyond the first per webhook id: with a receiver that always answers 2xx, the duplicate deliveries. */
    public long repeatedRequests() {
        return scripted().receipts().repeatedRequests();
    }

    /** 2xx answers beyond the first per webhook id: the duplicate deliveries whatever the script answers. */
    public long duplicates() {
        return scripted().receipts().duplicates();
    }

    /** 2xx answers to {@code webhookId}. */
    public int successes(String webhookId) {
        return scripted().receipts().successes(webhookId);
    }

    /** When the first seen request of {@code webhookId} was answered. */
    public Optional<Instant> firstAnswer(String webhookId) {
        return scripted().receipts().firstAnswer(webhookId);
    }

    /** From now on, hold new requests unseen: they wait (at most 30 s), are not recorded and get no script. */
    public void hold() {
        scripted().hold();
    }

    /** Turns the held requests away (503, still unseen) and goes back to the script. */
    public void release() {
        scripted().release();
    }

    /**
     * From now on, hold the answers of new requests: each is seen, recorded and scripted as usual, then waits (at most
     * 30 s) before its answer is sent. Open requests ({@link #unanswered()}) then pile up to what the clients have in
     * flight.
     */
    public void holdAnswers() {
        scripted().holdAnswers();
    }

    /** Sends the held answers and goes back to answering at once. */
    public void releaseAnswers() {
        scripted().releaseAnswers();
    }

    /** Requests held unseen right now. */
    public int held() {
        return scripted().held();
    }

    /** The requests being answered right now (seen, not yet answered), by number. */
    public Set<Long> unanswered() {
        return scripted().unanswered();
    }

    /** Whether every one of {@code requests} (numbers from {@link #unanswered()}) has been answered. */
    public boolean answeredAll(Set<Long> requests) {
        return scripted().answeredAll(requests);
    }

    /** Raw mode: connections accepted so far. */
    public int accepted() {
        return raw().accepted();
    }

    /** Raw mode: connections open right now. */
    public int open() {
        return raw().open();
    }

    private ScriptedServer scripted() {
        if (scripted == null) {
            throw new IllegalStateException("a raw receiver records no requests");
        }
        return scripted;
    }

    private RawServer raw() {
        if (raw == null) {
            throw new IllegalStateException("a scripted receiver does not count connections");
        }
        return raw;
    }

    @Override
    public void close() {
        if (scripted != null) {
            scripted.close();
        } else {
            raw.close();
        }
    }
}
