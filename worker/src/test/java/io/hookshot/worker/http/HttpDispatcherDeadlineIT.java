package io.hookshot.worker.http;

import static io.hookshot.testing.RawBehaviours.awaitStop;
import static io.hookshot.testing.RawBehaviours.readRequest;
import static io.hookshot.testing.RawBehaviours.write;
import static io.hookshot.testing.RawBehaviours.writingThenWaiting;
import static io.hookshot.worker.http.DispatchFixture.BODY_LIMIT;
import static io.hookshot.worker.http.DispatchFixture.DEADLINE;
import static io.hookshot.worker.http.DispatchFixture.MARGIN;
import static io.hookshot.worker.http.DispatchFixture.NO_EXTRA_HEADERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.TestReceiver;
import io.hookshot.worker.http.DispatchResult.Delivered;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's time bounds against raw receivers on 127.0.0.1 that are slow on purpose: one that never answers,
 * ones that trickle, and huge bodies, which are cut at the limit instead of being read (or waited for) to the end.
 */
class HttpDispatcherDeadlineIT {
    private final DispatchFixture dispatchers = new DispatchFixture();

    @AfterEach
    void closeDispatchers() {
        dispatchers.close();
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutAtTheDeadline() {
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> awaitStop(stop))) {
            assertTimesOutAtTheDeadline(receiver);
        }
    }

    @Test
    void aReceiverTricklingItsHeadersTimesOutAtTheHardDeadline() {
        AtomicInteger trickled = new AtomicInteger();
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nX-Slow: ");
            trickle(socket, stop, trickled);
        })) {
            assertTimesOutAtTheDeadline(receiver);
            assertThat(trickled).as("bytes trickled before the deadline").hasValueGreaterThan(1);
        }
    }

    @Test
    void aReceiverTricklingItsBodyTimesOutAtTheHardDeadline() {
        AtomicInteger trickled = new AtomicInteger();
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            trickle(socket, stop, trickled);
        })) {
            assertTimesOutAtTheDeadline(receiver);
            assertThat(trickled).as("bytes trickled before the deadline").hasValueGreaterThan(1);
        }
    }

    /** One byte every 200 ms until the test ends (at most a minute): never slow enough for a socket timeout. */
    private static void trickle(Socket socket, CountDownLatch stop, AtomicInteger trickled)
            throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        for (int i = 0; i < 300 && !stop.await(200, TimeUnit.MILLISECONDS); i++) {
            out.write('a');
            out.flush();
            trickled.incrementAndGet();
        }
    }

    private void assertTimesOutAtTheDeadline(TestReceiver receiver) {
        long started = System.nanoTime();
        DispatchResult result =
                dispatchers.impatient.dispatch(DispatchFixture.job(receiver.url("/hook")), NO_EXTRA_HEADERS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result)
                .isInstanceOfSatisfying(
                        Unreachable.class,
                        unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
        assertThat(took).isGreaterThanOrEqualTo(DEADLINE.minusMillis(50)).isLessThan(DEADLINE.plus(MARGIN));
    }

    @Test
    void aHugeBodyIsTruncatedAtTheLimitAndNotReadFurther() {
        int size = 5 * 1024 * 1024;
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            for (int sent = 0; sent < size; sent += chunk.length) {
                socket.getOutputStream().write(chunk);
            }
            awaitStop(stop);
        })) {
            assertDeliveredPromptlyWithATruncatedBody(receiver);
        }
    }

    @Test
    void aHugeBodyThatStallsAfterTheLimitIsNotWaitedFor() {
        // the remaining 5 MB never come: draining them would hang until the deadline
        try (TestReceiver receiver = TestReceiver.raw(
                writingThenWaiting("HTTP/1.1 200 OK\r\nContent-Length: 5242880\r\n\r\n" + "a".repeat(8 * 1024)))) {
            assertDeliveredPromptlyWithATruncatedBody(receiver);
        }
    }

    private void assertDeliveredPromptlyWithATruncatedBody(TestReceiver receiver) {
        long started = System.nanoTime();
        DispatchResult result = dispatchers.dispatch(receiver.url("/hook"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result)
                .isInstanceOfSatisfying(
                        Delivered.class,
                        delivered -> assertThat(delivered.body()).isEqualTo("a".repeat(BODY_LIMIT)));
        assertThat(took).isLessThan(MARGIN);
    }
}
