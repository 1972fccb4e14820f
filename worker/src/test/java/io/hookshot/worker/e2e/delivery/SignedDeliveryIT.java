package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.signing.SigningSecret;
import io.hookshot.common.signing.WebhookVerificationException;
import io.hookshot.common.signing.WebhookVerifier;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestReceiver.Answer;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.run.Worker;
import io.hookshot.worker.store.MessageStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signed end to end: a real worker signs, a real receiver checks each request with {@link WebhookVerifier}. */
@ExtendWith(RealServers.class)
class SignedDeliveryIT {
    static final String OWN = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OWN_NEXT = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";
    static final String WORKER = "whsec_dGhlIHdvcmtlcidzIGRlZmF1bHQgc2VjcmV0LCAzMmI=";
    static final String WORKER_NEXT = "whsec_dGhlIHdvcmtlcidzIG5leHQgc2VjcmV0LCAzMiBieXQ=";

    private WorkerFixture fixture;
    private TestReceiver receiver;
    private Worker worker;
    private final Queue<String> refused = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start(TestServers servers) {
        fixture = new WorkerFixture(servers);
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        assertThat(fixture.inspect().violations()).isEmpty();
        receiver.close();
        fixture.close();
    }

    private void startWorker(String defaultSecrets) {
        worker = Worker.start(fixture.config(
                defaultSecrets == null ? Map.of() : Map.of(WorkerConfig.SIGNING_SECRET, defaultSecrets)));
    }

    /** A receiver that answers 200 to a request {@code verifier} accepts and 401 (noting why) to any other. */
    private TestReceiver receiverVerifyingWith(WebhookVerifier verifier) {
        return TestReceiver.scripted((request, earlier) -> Answer.status(accepts(verifier, request) ? 200 : 401));
    }

    private boolean accepts(WebhookVerifier verifier, TestReceiver.Receipt request) {
        try {
            verify(verifier, request);
            return true;
        } catch (WebhookVerificationException e) {
            refused.add(request.webhookId() + ": " + e.getMessage());
            return false;
        }
    }

    private static void verify(WebhookVerifier verifier, TestReceiver.Receipt request)
            throws WebhookVerificationException {
        verifier.verify(request.headers(), request.body().getBytes(StandardCharsets.UTF_8));
    }

    private String send(Message.Builder message) {
        String id = fixture.producer.send(message.build()).value();
        fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
        return id;
    }

    private void assertDeliveredAtFirstAttempt(String id) {
        assertThat(refused).isEmpty();
        assertThat(fixture.message(id)).hasValueSatisfying(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED);
            assertThat(m.attempts()).isEqualTo(1);
        });
    }

    @Test
    void signsWithTheMessagesOwnSecret() {
        receiver = receiverVerifyingWith(WebhookVerifier.of(OWN));
        startWorker(null);

        String id = send(
                Message.builder(receiver.url("/own")).payload("{\"order\":42}").signingSecret(OWN));

        assertDeliveredAtFirstAttempt(id);
        assertThat(receiver.receivedFor(id).getFirst().headers().get("webhook-signature"))
                .startsWith("v1,");
    }

    @Test
    void signsWithTheWorkersDefaultWhenTheMessageHasNone() {
        receiver = receiverVerifyingWith(WebhookVerifier.of(WORKER));
        startWorker(WORKER);

        String id = send(Message.builder(receiver.url("/default")).payload("{\"order\":43}"));

        assertDeliveredAtFirstAttempt(id);
    }

    @Test
    void theMessagesOwnSecretWinsOverTheWorkersDefault() {
        receiver = receiverVerifyingWith(WebhookVerifier.of(OWN));
        startWorker(WORKER);

        String id = send(
                Message.builder(receiver.url("/own")).payload("{\"order\":44}").signingSecret(OWN));

        assertDeliveredAtFirstAttempt(id);
        TestReceiver.Receipt request = receiver.receivedFor(id).getFirst();
        assertThatThrownBy(() -> verify(WebhookVerifier.of(WORKER), request))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void whileRotatingEitherSecretVerifiesEveryRequest() {
        receiver = receiverVerifyingWith(
                WebhookVerifier.of(List.of(SigningSecret.parse(OWN_NEXT), SigningSecret.parse(WORKER_NEXT))));
        startWorker(WORKER + " " + WORKER_NEXT);

        String own = send(Message.builder(receiver.url("/rotating"))
                .payload("{\"order\":45}")
                .signingSecrets(List.of(OWN, OWN_NEXT)));
        String byDefault = send(Message.builder(receiver.url("/rotating")).payload("{\"order\":46}"));

        assertDeliveredAtFirstAttempt(own);
        assertDeliveredAtFirstAttempt(byDefault);
        assertVerifiesWithEachAlone(receiver.receivedFor(own).getFirst(), OWN, OWN_NEXT);
        assertVerifiesWithEachAlone(receiver.receivedFor(byDefault).getFirst(), WORKER, WORKER_NEXT);
    }

    private static void assertVerifiesWithEachAlone(TestReceiver.Receipt request, String... secrets) {
        assertThat(request.headers().get("webhook-signature").split(" ")).hasSize(secrets.length);
        for (String secret : secrets) {
            assertThatCode(() -> verify(WebhookVerifier.of(secret), request))
                    .as("verified with one secret alone")
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyRetryIsSignedAgainWithItsOwnTimestamp() {
        WebhookVerifier verifier = WebhookVerifier.of(OWN);
        receiver = TestReceiver.scripted(
                (request, earlier) -> Answer.status(earlier < 2 ? 503 : accepts(verifier, request) ? 200 : 401));
        startWorker(null);

        String id = send(Message.builder(receiver.url("/flaky"))
                .payload("{\"order\":47}")
                .signingSecret(OWN));

        assertThat(fixture.message(id))
                .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED));
        assertThat(refused).isEmpty();
        List<TestReceiver.Receipt> requests = receiver.receivedFor(id);
        assertThat(requests)
                .hasSize(3)
                .allSatisfy(request ->
                        assertThatCode(() -> verify(verifier, request)).doesNotThrowAnyException());
    }

    @Test
    void withoutAnySecretTheRequestIsNotSigned() {
        receiver = TestReceiver.alwaysOk();
        startWorker(null);

        String id = send(Message.builder(receiver.url("/plain")).payload("{}"));

        assertThat(receiver.receivedFor(id))
                .singleElement()
                .satisfies(request -> assertThat(request.headers())
                        .containsKeys("webhook-id", "webhook-timestamp")
                        .doesNotContainKey("webhook-signature"));
    }
}
