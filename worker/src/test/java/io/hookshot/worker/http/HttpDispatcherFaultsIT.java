package io.hookshot.worker.http;

import static io.hookshot.testing.RawBehaviours.awaitStop;
import static io.hookshot.testing.RawBehaviours.readRequest;
import static io.hookshot.testing.RawBehaviours.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.TestReceiver;
import io.hookshot.worker.http.DispatchResult.Rejected;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the dispatcher makes of broken answers and broken connections on 127.0.0.1: a hang-up, a flood of header
 * bytes, a closed port, plain HTTP on an https URL, and bytes that are not text.
 */
class HttpDispatcherFaultsIT {
    private final DispatchFixture dispatchers = new DispatchFixture();

    @AfterEach
    void closeDispatchers() {
        dispatchers.close();
    }

    @Test
    void aReceiverThatHangsUpWithoutAnsweringIsAnIoFailure() {
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> readRequest(socket))) {
            DispatchResult result = dispatchers.dispatch(receiver.url("/hook"));

            assertThat(result).isInstanceOfSatisfying(Unreachable.class, unreachable -> {
                assertThat(unreachable.errorClass()).isIn(ErrorClass.IO, ErrorClass.CONNECT);
                assertThat(unreachable.message()).isNotBlank();
            });
        }
    }

    @Test
    void aFloodOfHeaderBytesIsAnIoFailure() {
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 200 OK\r\nX-Flood: " + "f".repeat(1024 * 1024) + "\r\n\r\n");
        })) {
            DispatchResult result = dispatchers.dispatch(receiver.url("/hook"));

            assertThat(result)
                    .isInstanceOfSatisfying(
                            Unreachable.class,
                            unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.IO));
        }
    }

    @Test
    void aClosedLoopbackPortIsAConnectFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }

        DispatchResult result = dispatchers.dispatch("http://127.0.0.1:" + port + "/hook");

        assertThat(result)
                .isInstanceOfSatisfying(
                        Unreachable.class,
                        unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.CONNECT));
    }

    @Test
    void plainHttpAnsweringAnHttpsUrlIsATlsFailure() {
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> {
            write(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            awaitStop(stop);
        })) {
            DispatchResult result = dispatchers.dispatch(receiver.url("/hook").replace("http:", "https:"));

            assertThat(result)
                    .isInstanceOfSatisfying(
                            Unreachable.class,
                            unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.TLS));
        }
    }

    @Test
    void invalidUtf8AndNulBytesInABodyAreKeptAsTextWithoutNul() {
        byte[] body = {'o', 'k', 0, (byte) 0xff, (byte) 0xfe, '!', 0, (byte) 0xc3};
        try (TestReceiver receiver = TestReceiver.raw((socket, stop) -> {
            readRequest(socket);
            write(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: " + body.length + "\r\n\r\n");
            socket.getOutputStream().write(body);
            awaitStop(stop);
        })) {
            DispatchResult result = dispatchers.dispatch(receiver.url("/hook"));

            assertThat(result)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.body())
                                    .isEqualTo("ok\uFFFD\uFFFD!\uFFFD")
                                    .doesNotContain("\0"));
        }
    }
}
