package io.hookshot.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    private static final SigningSecret SPEC = SigningSecret.parse(SpecVector.SECRET);
    private static final SigningSecret OTHER = SigningSecret.parse("whsec_"
            + Base64.getEncoder()
                    .encodeToString("another secret of 32 bytes......".getBytes(StandardCharsets.US_ASCII)));

    @Test
    void signsTheSpecificationsTestVector() {
        String header =
                WebhookSigner.sign(SpecVector.MSG_ID, SpecVector.TIMESTAMP, SpecVector.payload(), List.of(SPEC));

        assertThat(header).isEqualTo(SpecVector.SIGNATURE);
    }

    @Test
    void signsIdDotTimestampDotBodyAsTheSpecificationDefinesIt() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "HmacSHA256"));
        byte[] body = "{\"type\":\"contact.created\",\"data\":{\"id\":\"1f81eb52\"}}".getBytes(StandardCharsets.UTF_8);
        String content = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W.1674087231." + new String(body, StandardCharsets.UTF_8);
        String expected =
                "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookSigner.sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1674087231, body, List.of(SPEC)))
                .isEqualTo(expected);
    }

    @Test
    void signsWithEverySecretInOrderSpaceSeparated() {
        String header =
                WebhookSigner.sign(SpecVector.MSG_ID, SpecVector.TIMESTAMP, SpecVector.payload(), List.of(OTHER, SPEC));

        String[] entries = header.split(" ");
        assertThat(entries).hasSize(2);
        assertThat(entries[0]).startsWith("v1,").isNotEqualTo(SpecVector.SIGNATURE);
        assertThat(entries[1]).isEqualTo(SpecVector.SIGNATURE);
    }

    @Test
    void signsBodiesThatAreNotText() {
        byte[] binary = {0, (byte) 0xFF, (byte) 0xC3, 0x28, 10};

        String header = WebhookSigner.sign("msg_1", 1, binary, List.of(SPEC));

        assertThat(header).isNotEqualTo(WebhookSigner.sign("msg_1", 1, new byte[] {0, (byte) 0xFF}, List.of(SPEC)));
    }

    @Test
    void refusesToSignWithoutASecret() {
        assertThatThrownBy(() -> WebhookSigner.sign("msg_1", 1, new byte[0], List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one secret");
    }
}
