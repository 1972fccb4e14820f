package io.hookshot.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigningSecretTest {
    @Test
    void theKeyIsTheBase64DecodedPartAfterThePrefix() {
        SigningSecret secret = SigningSecret.parse(SpecVector.SECRET);

        assertThat(secret.key()).isEqualTo(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThat(secret.encoded()).isEqualTo(SpecVector.SECRET);
        assertThat(secret)
                .isEqualTo(SigningSecret.parse(SpecVector.SECRET))
                .hasSameHashCodeAs(SigningSecret.parse(SpecVector.SECRET));
    }

    @Test
    void toStringNeverShowsTheKey() {
        SigningSecret secret = SigningSecret.parse(SpecVector.SECRET);

        assertThat(secret.toString()).isEqualTo("SigningSecret[redacted]").doesNotContain("MfKQ9r8");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw                | does not start with 'whsec_'",
                "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw          | does not start with 'whsec_'",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La-aSw          | is not valid base64 after 'whsec_'",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=         | is not valid base64 after 'whsec_'",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS           | must hold 24 to 64 bytes after 'whsec_', this one holds 23",
                "whsec_                                          | must hold 24 to 64 bytes after 'whsec_', this one holds 0",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La              | must hold 24 to 64 bytes after 'whsec_', this one holds 21",
            })
    void refusesAnythingElseWithoutRepeatingIt(String text, String problem) {
        assertThatThrownBy(() -> SigningSecret.parse(text))
                .isInstanceOf(InvalidSigningSecretException.class)
                .hasMessageContaining(problem)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MfKQ9r8", "LaLaS"));
    }

    @Test
    void acceptsKeysFrom24To64Bytes() {
        assertThat(SigningSecret.parse(whsecOf(24)).key()).hasSize(24);
        assertThat(SigningSecret.parse(whsecOf(64)).key()).hasSize(64);
        assertThatThrownBy(() -> SigningSecret.parse(whsecOf(65))).hasMessageContaining("this one holds 65");
    }

    private static String whsecOf(int bytes) {
        return SigningSecret.PREFIX + Base64.getEncoder().encodeToString(new byte[bytes]);
    }
}
