package io.hookshot.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.common.signing.WebhookVerificationException;
import io.hookshot.common.signing.WebhookVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttemptHeadersTest {
    private static final long NOW = 1_772_366_400L;
    private static final SigningSecret OWN = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final SigningSecret NEXT = SigningSecret.parse("whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=");
    private static final SigningSecret WORKER =
            SigningSecret.parse("whsec_dGhlIHdvcmtlcidzIGRlZmF1bHQgc2VjcmV0LCAzMmI=");

    private static Job job(List<SigningSecret> secrets) {
        return new Job(
                new MessageId("msg_1"),
                URI.create("https://example.com/hook"),
                Map.of(),
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.empty(),
                secrets,
                Instant.ofEpochSecond(NOW));
    }

    private static void verify(Map<String, String> headers, Job job, SigningSecret secret)
            throws WebhookVerificationException {
        WebhookVerifier.of(List.of(secret))
                .withClock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
                .verify(headers, job.payload());
    }

    @Test
    void withoutAnySecretSendsIdAndTimestampOnly() {
        Map<String, String> headers = new AttemptHeaders(List.of()).of(job(List.of()), "msg_1", NOW);

        assertThat(headers)
                .containsExactly(Map.entry("webhook-id", "msg_1"), Map.entry("webhook-timestamp", Long.toString(NOW)));
    }

    @Test
    void signsWithTheWorkersDefaultWhenTheJobHasNoSecret() {
        Job job = job(List.of());

        Map<String, String> headers = new AttemptHeaders(List.of(WORKER)).of(job, "msg_1", NOW);

        assertThat(headers.get("webhook-signature")).startsWith("v1,").doesNotContain(" ");
        assertThatCode(() -> verify(headers, job, WORKER)).doesNotThrowAnyException();
    }

    @Test
    void theJobsOwnSecretsWinOverTheWorkersDefault() {
        Job job = job(List.of(OWN, NEXT));

        Map<String, String> headers = new AttemptHeaders(List.of(WORKER)).of(job, "msg_1", NOW);

        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2);
        assertThatCode(() -> verify(headers, job, OWN)).doesNotThrowAnyException();
        assertThatCode(() -> verify(headers, job, NEXT)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verify(headers, job, WORKER)).isInstanceOf(WebhookVerificationException.class);
    }
}
