package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job's optional signing secrets in codec version 1, and that nothing but the codec shows them. */
class JobCodecSecretsTest {
    private static final String OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";

    private static Job job(List<SigningSecret> secrets) {
        return new Job(
                new MessageId("msg_1"),
                URI.create("https://example.com/hook"),
                Map.of("x-tenant", "acme"),
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.empty(),
                secrets,
                Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void roundTripsTheSecretsInOrder() {
        Job job = job(List.of(SigningSecret.parse(OLD), SigningSecret.parse(NEW)));

        String json = JobCodec.encode(job);

        assertThat(json).contains("\"secrets\":[\"" + OLD + "\",\"" + NEW + "\"]");
        assertThat(JobCodec.decode(json)).isEqualTo(job);
        assertThat(JobCodec.decode(json).signingSecrets())
                .containsExactly(SigningSecret.parse(OLD), SigningSecret.parse(NEW));
    }

    @Test
    void leavesTheFieldOutWhenTheJobHasNoSecrets() {
        Job job = job(List.of());

        String json = JobCodec.encode(job);

        assertThat(json).doesNotContain("secrets");
        assertThat(JobCodec.decode(json)).isEqualTo(job);
    }

    @Test
    void readsAVersion1JobWrittenBeforeSecretsExisted() {
        String stored = "{\"v\":1,\"id\":\"msg_1\",\"url\":\"https://example.com/hook\","
                + "\"headers\":{\"x-tenant\":\"acme\"},"
                + "\"contentType\":\"application/json\",\"body\":\"{\\\"n\\\":1}\",\"created\":1700000000000}";

        assertThat(JobCodec.decode(stored)).isEqualTo(job(List.of()));
    }

    @Test
    void aMalformedSecretFailsDecodingWithoutRepeatingIt() {
        String json = JobCodec.encode(job(List.of(SigningSecret.parse(OLD))))
                .replace(OLD, "whsec_NotBase64-" + "x".repeat(20));

        assertThatThrownBy(() -> JobCodec.decode(json))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageContaining("job is malformed: signing secret is not valid base64")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("NotBase64"));
    }

    @Test
    void toStringNeverShowsTheSecrets() {
        Job job = job(List.of(SigningSecret.parse(OLD)));

        assertThat(job.toString()).doesNotContain("whsec_", "MfKQ9r8");
    }
}
