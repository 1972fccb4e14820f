package io.hookshot.worker.http;

import static io.hookshot.worker.http.DispatchFixture.BODY_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Job;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.worker.http.DispatchResult.Delivered;
import io.hookshot.worker.http.DispatchResult.Rejected;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against well-behaved receivers on 127.0.0.1: what it sends, how it reads the answer, which
 * connections it reuses, and which URLs it refuses to send to. {@link HttpDispatcherDeadlineIT} and
 * {@link HttpDispatcherFaultsIT} have receivers that misbehave; {@link SsrfGuardIT} tests the guard closed.
 */
class HttpDispatcherIT {
    private final DispatchFixture dispatchers = new DispatchFixture();

    @AfterEach
    void closeDispatchers() {
        dispatchers.close();
    }

    @Test
    void postsThePayloadWithContentTypeJobHeadersAndWorkerHeaders() {
        try (TestReceiver receiver = TestReceiver.answering(Answer.status(204))) {
            Job job = DispatchFixture.job(
                    receiver.url("/hook?x=1"),
                    Map.of("X-Tenant", "acme", "Webhook-Id", "spoofed", "Content-Length", "999"),
                    "{\"event\":\"paid\"}",
                    "application/vnd.acme+json");

            DispatchResult result =
                    dispatchers.patient.dispatch(job, Map.of("webhook-id", "msg_test", "webhook-timestamp", "1"));

            assertThat(result).isInstanceOf(Delivered.class);
            assertThat(receiver.received()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/hook");
                assertThat(request.body()).isEqualTo("{\"event\":\"paid\"}");
                assertThat(request.headers())
                        .containsEntry("content-type", "application/vnd.acme+json")
                        .containsEntry("x-tenant", "acme")
                        .containsEntry("webhook-id", "msg_test")
                        .containsEntry("webhook-timestamp", "1")
                        .containsEntry("user-agent", "Hookshot/test")
                        .containsEntry("content-length", "16")
                        .doesNotContainKeys("upgrade", "cookie");
            });
        }
    }

    @Test
    void aJobsOwnTraceHeadersAreDroppedAndTheWorkersAreSent() {
        try (TestReceiver receiver = TestReceiver.answering(Answer.status(204))) {
            Job job = DispatchFixture.job(
                    receiver.url("/hook"),
                    Map.of(
                            "Traceparent",
                            "00-11111111111111111111111111111111-2222222222222222-01",
                            "tracestate",
                            "a=b"),
                    "{}",
                    Job.DEFAULT_CONTENT_TYPE);
            String workers = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

            dispatchers.patient.dispatch(job, Map.of("traceparent", workers));
            dispatchers.patient.dispatch(job, Map.of());

            assertThat(receiver.received()).hasSize(2);
            assertThat(receiver.received().get(0).headers())
                    .containsEntry("traceparent", workers)
                    .doesNotContainKey("tracestate");
            assertThat(receiver.received().get(1).headers()).doesNotContainKeys("traceparent", "tracestate");
        }
    }

    @Test
    void a2xxIsDeliveredWithBodyAndLowerCasedHeaders() {
        Answer answer =
                Answer.of(200, "thanks").withHeaders(Map.of("X-Reply", List.of("yes"), "X-Twice", List.of("1", "2")));
        try (TestReceiver receiver = TestReceiver.answering(answer)) {
            DispatchResult result = dispatchers.dispatch(receiver.url("/hook"));

            assertThat(result).isInstanceOfSatisfying(Delivered.class, delivered -> {
                assertThat(delivered.statusCode()).isEqualTo(200);
                assertThat(delivered.body()).isEqualTo("thanks");
                assertThat(delivered.headers())
                        .containsEntry("x-reply", "yes")
                        .containsEntry("x-twice", "1, 2")
                        .containsKey("content-length")
                        .allSatisfy((name, value) -> assertThat(name).isLowerCase());
                assertThat(delivered.elapsed()).isPositive();
            });
        }
    }

    @Test
    void a500IsRejectedWithItsBody() {
        try (TestReceiver receiver = TestReceiver.answering(Answer.of(500, "boom"))) {
            DispatchResult result = dispatchers.dispatch(receiver.url("/hook"));

            assertThat(result).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.statusCode()).isEqualTo(500);
                assertThat(rejected.body()).isEqualTo("boom");
            });
        }
    }

    @Test
    void aRedirectIsRejectedAndNotFollowed() {
        try (TestReceiver elsewhere = TestReceiver.answering(Answer.of(200, "moved here"));
                TestReceiver receiver = TestReceiver.answering(
                        Answer.status(302).withHeaders(Map.of("Location", List.of(elsewhere.url("/landing")))))) {
            DispatchResult result = dispatchers.dispatch(receiver.url("/hook"));

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
    void aConnectionWithAnUnreadRestIsDroppedAndTheNextAttemptWorks() {
        try (TestReceiver receiver = TestReceiver.answering(Answer.of(200, "b".repeat(5 * BODY_LIMIT)))) {
            DispatchResult first = dispatchers.dispatch(receiver.url("/hook"));
            DispatchResult second = dispatchers.dispatch(receiver.url("/hook"));

            assertThat(List.of(first, second))
                    .allSatisfy(result -> assertThat(result)
                            .isInstanceOfSatisfying(
                                    Delivered.class, d -> assertThat(d.body()).hasSize(BODY_LIMIT)));
            assertThat(receiver.received())
                    .extracting(TestReceiver.Receipt::clientPort)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void aConnectionReadToItsEndIsReused() {
        try (TestReceiver receiver = TestReceiver.answering(Answer.of(200, "short"))) {
            dispatchers.dispatch(receiver.url("/hook"));
            dispatchers.dispatch(receiver.url("/hook"));

            assertThat(receiver.received())
                    .extracting(TestReceiver.Receipt::clientPort)
                    .hasSize(2)
                    .containsOnly(receiver.received().getFirst().clientPort());
        }
    }

    @Test
    void anUnusableUrlIsInvalidAndNothingIsSent() {
        try (TestReceiver receiver = TestReceiver.answering(Answer.of(200, "ok"))) {
            int port = receiver.port();
            List<String> urls = List.of(
                    "ftp://127.0.0.1:" + port + "/hook",
                    "http:///no-host",
                    "/relative",
                    "http://user:secret@127.0.0.1:" + port + "/hook",
                    "http://127.0.0.1:99999/hook");

            assertThat(urls)
                    .allSatisfy(url -> assertThat(dispatchers.dispatch(url))
                            .isInstanceOfSatisfying(Unreachable.class, unreachable -> {
                                assertThat(unreachable.errorClass()).isEqualTo(ErrorClass.INVALID_URL);
                                assertThat(unreachable.message()).doesNotContain("secret");
                            }));
            assertThat(receiver.received()).isEmpty();
        }
    }
}
