package io.hookshot.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.signing.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verification against the specification's published vectors and cases, and round trips with our signer. */
class WebhookVerifierTest {
    private static final long NOW = SpecVector.TIMESTAMP;
    private static final String TS = Long.toString(NOW);
    private static final SigningSecret OLD = secret("the old secret, 32 bytes long...");
    private static final SigningSecret NEW = secret("the new secret, 32 bytes long...");

    private final WebhookVerifier spec = WebhookVerifier.of(SpecVector.SECRET).withClock(clockAt(NOW));

    private static SigningSecret secret(String ascii32) {
        byte[] key = ascii32.getBytes(StandardCharsets.US_ASCII);
        return SigningSecret.parse("whsec_" + Base64.getEncoder().encodeToString(key));
    }

    private static Clock clockAt(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    private static void assertFails(ThrowingCallable call, Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message).doesNotContain("MfKQ9r8", "g0hM9SsE", "Ceo5qEr0");
        });
    }

    @Test
    void acceptsTheSpecificationsTestVector() {
        assertThatCode(() -> spec.verify(SpecVector.MSG_ID, TS, SpecVector.SIGNATURE, SpecVector.payload()))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsTheSpecificationsMultiSignatureHeader() {
        String header =
                String.join(" ", SpecVector.DECOY_V1, SpecVector.DECOY_V2, SpecVector.SIGNATURE, SpecVector.DECOY_V1);

        assertThatCode(() -> spec.verify(SpecVector.MSG_ID, TS, header, SpecVector.payload()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                SpecVector.WRONG_SIGNATURE, // the libraries' "invalid signature"
                "v1,dawfeoifkpqwoekfpqoekf", // not base64
                "v1,g0hM9", // the libraries' "partial signature"
                "v1,",
                "invalid_signature",
                "v1,invalid_signature",
                "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", // the right bytes under another version
                SpecVector.DECOY_V1 + " " + SpecVector.DECOY_V2,
            })
    void refusesTheSpecificationsBadSignatures(String header) {
        assertFails(
                () -> spec.verify(SpecVector.MSG_ID, TS, header, SpecVector.payload()),
                Reason.NO_MATCHING_SIGNATURE,
                "webhook-signature holds");
    }

    @Test
    void refusesMissingHeadersNamingThem() {
        byte[] body = SpecVector.payload();
        assertFails(
                () -> spec.verify(null, TS, SpecVector.SIGNATURE, body),
                Reason.MISSING_HEADER,
                "the webhook-id header is missing");
        assertFails(
                () -> spec.verify(SpecVector.MSG_ID, null, SpecVector.SIGNATURE, body),
                Reason.MISSING_HEADER,
                "the webhook-timestamp header is missing");
        assertFails(
                () -> spec.verify(SpecVector.MSG_ID, TS, " ", body),
                Reason.MISSING_HEADER,
                "the webhook-signature header is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "-1614265330", "+1614265330", "1614265330.5", "16142653300000000000"})
    void refusesATimestampThatIsNotWholeSeconds(String timestamp) {
        assertFails(
                () -> spec.verify(SpecVector.MSG_ID, timestamp, SpecVector.SIGNATURE, SpecVector.payload()),
                Reason.MALFORMED_TIMESTAMP,
                "webhook-timestamp is not a whole number of seconds");
    }

    @Test
    void refusesTimestampsMoreThanFiveMinutesOffEitherWay() {
        WebhookVerifier tooLate = spec.withClock(clockAt(NOW + 301));
        WebhookVerifier tooEarly = spec.withClock(clockAt(NOW - 301));
        byte[] body = SpecVector.payload();

        assertFails(
                () -> tooLate.verify(SpecVector.MSG_ID, TS, SpecVector.SIGNATURE, body),
                Reason.TIMESTAMP_TOO_OLD,
                "webhook-timestamp is 301 s in the past; at most 300 s is accepted");
        assertFails(
                () -> tooEarly.verify(SpecVector.MSG_ID, TS, SpecVector.SIGNATURE, body),
                Reason.TIMESTAMP_TOO_NEW,
                "webhook-timestamp is 301 s in the future; at most 300 s is accepted");
        for (long now : new long[] {NOW + 300, NOW - 300}) {
            assertThatCode(() -> spec.withClock(clockAt(now)).verify(SpecVector.MSG_ID, TS, SpecVector.SIGNATURE, body))
                    .as("exactly 300 s off")
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void theToleranceCanBeChanged() {
        WebhookVerifier strict = spec.withTolerance(Duration.ofSeconds(10)).withClock(clockAt(NOW + 11));

        assertFails(
                () -> strict.verify(SpecVector.MSG_ID, TS, SpecVector.SIGNATURE, SpecVector.payload()),
                Reason.TIMESTAMP_TOO_OLD,
                "at most 10 s is accepted");
    }

    @Test
    void acceptsWhatOurSignerSigns() {
        byte[] body = "{\"order\":42,\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSigner.sign("msg_019ac0", NOW, body, List.of(NEW));

        assertThatCode(() ->
                        WebhookVerifier.of(List.of(NEW)).withClock(clockAt(NOW)).verify("msg_019ac0", TS, header, body))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesATamperedBodyIdOrTimestamp() {
        byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSigner.sign("msg_019ac0", NOW, body, List.of(NEW));
        WebhookVerifier verifier = WebhookVerifier.of(List.of(NEW)).withClock(clockAt(NOW));

        assertFails(
                () -> verifier.verify("msg_019ac0", TS, header, "{\"order\":43}".getBytes(StandardCharsets.UTF_8)),
                Reason.NO_MATCHING_SIGNATURE,
                "none made with this secret");
        assertFails(
                () -> verifier.verify("msg_019ac1", TS, header, body),
                Reason.NO_MATCHING_SIGNATURE,
                "none made with this secret");
        assertFails(
                () -> verifier.verify("msg_019ac0", Long.toString(NOW + 1), header, body),
                Reason.NO_MATCHING_SIGNATURE,
                "none made with this secret");
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        byte[] body = SpecVector.payload();
        String header = WebhookSigner.sign(SpecVector.MSG_ID, NOW, body, List.of(OLD));

        assertFails(
                () -> spec.verify(SpecVector.MSG_ID, TS, header, body),
                Reason.NO_MATCHING_SIGNATURE,
                "holds 1 v1 signature(s), none made with this secret");
    }

    @Test
    void whileRotatingEitherSecretVerifiesTheTwoSignatures() {
        byte[] body = SpecVector.payload();
        String header = WebhookSigner.sign(SpecVector.MSG_ID, NOW, body, List.of(OLD, NEW));

        assertThat(header.split(" ")).hasSize(2);
        for (SigningSecret secret : List.of(OLD, NEW)) {
            assertThatCode(() -> WebhookVerifier.of(List.of(secret))
                            .withClock(clockAt(NOW))
                            .verify(SpecVector.MSG_ID, TS, header, body))
                    .doesNotThrowAnyException();
        }
        assertFails(
                () -> spec.verify(SpecVector.MSG_ID, TS, header, body),
                Reason.NO_MATCHING_SIGNATURE,
                "holds 2 v1 signature(s)");
    }

    @Test
    void aVerifierWithTwoSecretsAcceptsASignatureUnderEither() {
        byte[] body = SpecVector.payload();
        WebhookVerifier rotating = WebhookVerifier.of(List.of(OLD, NEW)).withClock(clockAt(NOW));

        for (SigningSecret secret : List.of(OLD, NEW)) {
            String header = WebhookSigner.sign(SpecVector.MSG_ID, NOW, body, List.of(secret));
            assertThatCode(() -> rotating.verify(SpecVector.MSG_ID, TS, header, body))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void readsTheHeadersFromAMapIgnoringCaseOrFromALookup() {
        Map<String, String> headers = Map.of(
                "Webhook-Id",
                SpecVector.MSG_ID,
                "WEBHOOK-TIMESTAMP",
                TS,
                "webhook-signature",
                SpecVector.SIGNATURE,
                "Content-Type",
                "application/json");

        assertThatCode(() -> spec.verify(headers, SpecVector.payload())).doesNotThrowAnyException();
        assertThatCode(() -> spec.verify(
                        Map.of(
                                "webhook-id",
                                SpecVector.MSG_ID,
                                "webhook-timestamp",
                                TS,
                                "webhook-signature",
                                SpecVector.SIGNATURE)::get,
                        SpecVector.payload()))
                .doesNotThrowAnyException();
        assertFails(
                () -> spec.verify(Map.of("webhook-id", SpecVector.MSG_ID), SpecVector.payload()),
                Reason.MISSING_HEADER,
                "the webhook-timestamp header is missing");
    }
}
