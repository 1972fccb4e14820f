package io.hookshot.worker.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import io.hookshot.worker.http.DispatchResult.Delivered;
import io.hookshot.worker.http.DispatchResult.Rejected;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against real receivers, all on 127.0.0.1: well-behaved ones and raw sockets that misbehave. The
 * SSRF guard is opened for loopback here; {@link SsrfGuardIT} tests it closed.
 */
class HttpDispatcherIT {
    /** Loopback only: these tests need the SSRF guard open for their receivers, and for nothing else. */
    static final List<Cidr> LOOPBACK = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    private static final Duration DEADLINE = Duration.ofMillis(500);
    /** Scheduling slack on a busy machine: a deadline may end this much late and still count as kept. */
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final int BODY_LIMIT = 1024;
    private static final Map<String, String> NO_EXTRA_HEADERS = Map.of();

    /** Generous deadline for the well-behaved cases, so that a slow first request cannot make them flaky. */
    private HttpDispatcher patient;
    /** The 500 ms deadline, for the cases about deadlines. */
    private HttpDispatcher impatient;

    @BeforeEach
    void startDispatchers() {
        patient = new HttpDispatcher(new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), 4, BODY_LIMIT,
                "Hookshot/test", LOOPBACK));
        impatient = new HttpDispatcher(new HttpSettings(DEADLINE, DEADLINE, 4, BODY_LIMIT, "Hookshot/test", LOOPBACK));
    }

    @AfterEach
    void closeDispatchers() {
        patient.close();
        impatient.close();
    }

    private static Job job(String url, Map<String, String> headers, String payload, String contentType) {
        return new Job(new MessageId("msg_test"), URI.create(url), headers, payload.getBytes(StandardCharsets.UTF_8),
                contentType, Optional.empty(), Optional.empty(), List.of(), Instant.now());
    }

    private static Job job(String url) {
        return job(url, Map.of(), "{\"n\":1}", Job.DEFAULT_CONTENT_TYPE);
    }

    @Test
    void postsThePayloadWithContentTypeJobHeadersAndWorkerHeaders() {
        try (TestReceiver receiver = TestReceiver.answering(TestReceiver.Reply.of(204, ""))) {
            Job job = job(receiver.url("/hook?x=1"),
                    Map.of("X-Tenant", "acme", "Webhook-Id", "spoofed", "Content-Length", "999"),
                    "{\"event\":\"paid\"}", "application/vnd.acme+json");

            DispatchResult result = patient.dispatch(job, Map.of("webhook-id", "msg_test", "webhook-timestamp", "1"));

            assertThat(result).isInstanceOf(Delivered.class);
            assertThat(receiver.received()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/hook");
                assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"paid\"}");
                assertThat(request.headers().get("content-type")).containsExactly("application/vnd.acme+json");
                assertThat(request.headers().get("x-tenant")).containsExactly("acme");
                assertThat(request.headers().get("webhook-id")).containsExactly("msg_test");
                assertThat(request.headers().get("webhook-timestamp")).containsExactly("1");
                assertThat(request.headers().get("user-agent")).containsExactly("Hookshot/test");
                assertThat(request.headers().get("content-length")).containsExactly("16");
                assertThat(request.headers()).doesNotContainKeys("Upgrade", "Cookie");
            });
        }
    }

    @Test
    void a2xxIsDeliveredWithBodyAndLowerCasedHeaders() {
        TestReceiver.Reply reply = new TestReceiver.Reply(200,
                Map.of("X-Reply", List.of("yes"), "X-Twice", List.of("1", "2")), "thanks".getBytes());
        try (TestReceiver receiver = TestReceiver.answering(reply)) {
            DispatchResult result = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(result).isInstanceOfSatisfying(Delivered.class, delivered -> {
                assertThat(delivered.statusCode()).isEqualTo(200);
                assertThat(delivered.body()).isEqualTo("thanks");
                assertThat(delivered.headers()).containsEntry("x-reply", "yes").containsEntry("x-twice", "1, 2")
                        .containsKey("content-length").allSatisfy((name, value) -> assertThat(name).isLowerCase());
                assertThat(delivered.elapsed()).isPositive();
            });
        }
    }

    @Test
    void a500IsRejectedWithItsBody() {
        try (TestReceiver receiver = TestReceiver.answering(TestReceiver.Reply.of(500, "boom"))) {
            DispatchResult result = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.statusCode()).isEqualTo(500);
                assertThat(rejected.body()).isEqualTo("boom");
            });
        }
    }

    @Test
    void aRedirectIsRejectedAndNotFollowed() {
        try (TestReceiver elsewhere = TestReceiver.answering(TestReceiver.Reply.of(200, "moved here"));
             TestReceiver receiver = TestReceiver.answering(new TestReceiver.Reply(302,
                     Map.of("Location", List.of(elsewhere.url("/landing"))), new byte[0]))) {
            DispatchResult result = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.statusCode()).isEqualTo(302);
                assertThat(rejected.headers()).containsEntry("location", elsewhere.url("/landing"));
                assertThat(rejected.body()).isEmpty();
            });
            assertThat(receiver.received()).hasSize(1);
            assertThat(elsewhere.received()).isEmpty();
        }
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutAtTheDeadline() throws Exception {
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> RawReceiver.awaitStop(stop))) {
            assertTimesOutAtTheDeadline(receiver);
        }
    }

    @Test
    void aReceiverTricklingItsHeadersTimesOutAtTheHardDeadline() throws Exception {
        AtomicInteger trickled = new AtomicInteger();
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> {
            RawReceiver.readRequest(socket);
            RawReceiver.write(socket, "HTTP/1.1 200 OK\r\nX-Slow: ");
            trickle(socket, stop, trickled);
        })) {
            assertTimesOutAtTheDeadline(receiver);
            assertThat(trickled).as("bytes trickled before the deadline").hasValueGreaterThan(1);
        }
    }

    @Test
    void aReceiverTricklingItsBodyTimesOutAtTheHardDeadline() throws Exception {
        AtomicInteger trickled = new AtomicInteger();
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> {
            RawReceiver.readRequest(socket);
            RawReceiver.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
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

    private void assertTimesOutAtTheDeadline(RawReceiver receiver) {
        long started = System.nanoTime();
        DispatchResult result = impatient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result).isInstanceOfSatisfying(Unreachable.class,
                unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.TIMEOUT));
        assertThat(took).isGreaterThanOrEqualTo(DEADLINE.minusMillis(50)).isLessThan(DEADLINE.plus(MARGIN));
    }

    @Test
    void aHugeBodyIsTruncatedAtTheLimitAndNotReadFurther() throws Exception {
        int size = 5 * 1024 * 1024;
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> {
            RawReceiver.readRequest(socket);
            RawReceiver.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            for (int sent = 0; sent < size; sent += chunk.length) {
                socket.getOutputStream().write(chunk);
            }
            RawReceiver.awaitStop(stop);
        })) {
            assertDeliveredPromptlyWithATruncatedBody(receiver);
        }
    }

    @Test
    void aHugeBodyThatStallsAfterTheLimitIsNotWaitedFor() throws Exception {
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> {
            RawReceiver.readRequest(socket);
            RawReceiver.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 5242880\r\n\r\n" + "a".repeat(8 * 1024));
            RawReceiver.awaitStop(stop); // the remaining 5 MB never come: draining them would hang until the deadline
        })) {
            assertDeliveredPromptlyWithATruncatedBody(receiver);
        }
    }

    private void assertDeliveredPromptlyWithATruncatedBody(RawReceiver receiver) {
        long started = System.nanoTime();
        DispatchResult result = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result).isInstanceOfSatisfying(Delivered.class,
                delivered -> assertThat(delivered.body()).isEqualTo("a".repeat(BODY_LIMIT)));
        assertThat(took).isLessThan(MARGIN);
    }

    @Test
    void aConnectionWithAnUnreadRestIsDroppedAndTheNextAttemptWorks() {
        try (TestReceiver receiver = TestReceiver.answering(TestReceiver.Reply.of(200, "b".repeat(5 * BODY_LIMIT)))) {
            DispatchResult first = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);
            DispatchResult second = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(List.of(first, second)).allSatisfy(result -> assertThat(result)
                    .isInstanceOfSatisfying(Delivered.class, d -> assertThat(d.body()).hasSize(BODY_LIMIT)));
            assertThat(receiver.received()).extracting(TestReceiver.Received::clientPort).doesNotHaveDuplicates();
        }
    }

    @Test
    void aConnectionReadToItsEndIsReused() {
        try (TestReceiver receiver = TestReceiver.answering(TestReceiver.Reply.of(200, "short"))) {
            patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);
            patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(receiver.received()).extracting(TestReceiver.Received::clientPort).hasSize(2).containsOnly(
                    receiver.received().getFirst().clientPort());
        }
    }

    @Test
    void aReceiverThatHangsUpWithoutAnsweringIsAnIoFailure() throws Exception {
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> RawReceiver.readRequest(socket))) {
            DispatchResult result = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(result).isInstanceOfSatisfying(Unreachable.class, unreachable -> {
                assertThat(unreachable.errorClass()).isIn(ErrorClass.IO, ErrorClass.CONNECT);
                assertThat(unreachable.message()).isNotBlank();
            });
        }
    }

    @Test
    void aFloodOfHeaderBytesIsAnIoFailure() throws Exception {
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> {
            RawReceiver.readRequest(socket);
            RawReceiver.write(socket, "HTTP/1.1 200 OK\r\nX-Flood: " + "f".repeat(1024 * 1024) + "\r\n\r\n");
        })) {
            DispatchResult result = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(result).isInstanceOfSatisfying(Unreachable.class,
                    unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.IO));
        }
    }

    @Test
    void aClosedLoopbackPortIsAConnectFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }

        DispatchResult result = patient.dispatch(job("http://127.0.0.1:" + port + "/hook"), NO_EXTRA_HEADERS);

        assertThat(result).isInstanceOfSatisfying(Unreachable.class,
                unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.CONNECT));
    }

    @Test
    void plainHttpAnsweringAnHttpsUrlIsATlsFailure() throws Exception {
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> {
            RawReceiver.write(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            RawReceiver.awaitStop(stop);
        })) {
            DispatchResult result = patient.dispatch(job(receiver.url("/hook").replace("http:", "https:")),
                    NO_EXTRA_HEADERS);

            assertThat(result).isInstanceOfSatisfying(Unreachable.class,
                    unreachable -> assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.TLS));
        }
    }

    @Test
    void anUnusableUrlIsInvalidAndNothingIsSent() {
        try (TestReceiver receiver = TestReceiver.answering(TestReceiver.Reply.of(200, "ok"))) {
            String port = receiver.url("").substring("http://127.0.0.1:".length());
            List<String> urls = List.of("ftp://127.0.0.1:" + port + "/hook", "http:///no-host", "/relative",
                    "http://user:secret@127.0.0.1:" + port + "/hook", "http://127.0.0.1:99999/hook");

            assertThat(urls).allSatisfy(url -> assertThat(patient.dispatch(job(url), NO_EXTRA_HEADERS))
                    .isInstanceOfSatisfying(Unreachable.class, unreachable -> {
                        assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.INVALID_URL);
                        assertThat(unreachable.message()).doesNotContain("secret");
                    }));
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void invalidUtf8AndNulBytesInABodyAreKeptAsTextWithoutNul() throws Exception {
        byte[] body = {'o', 'k', 0, (byte) 0xff, (byte) 0xfe, '!', 0, (byte) 0xc3};
        try (RawReceiver receiver = RawReceiver.behaving((socket, stop) -> {
            RawReceiver.readRequest(socket);
            RawReceiver.write(socket, "HTTP/1.1 400 Bad Request\r\nContent-Length: " + body.length + "\r\n\r\n");
            socket.getOutputStream().write(body);
            RawReceiver.awaitStop(stop);
        })) {
            DispatchResult result = patient.dispatch(job(receiver.url("/hook")), NO_EXTRA_HEADERS);

            assertThat(result).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.body()).isEqualTo("ok\uFFFD\uFFFD!\uFFFD").doesNotContain("\0"));
        }
    }
}
