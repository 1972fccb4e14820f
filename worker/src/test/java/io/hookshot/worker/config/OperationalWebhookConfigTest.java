package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationalWebhookConfigTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void offUnlessTheUrlIsSet() {
        assertThat(OperationalWebhookConfig.fromEnvironment(Map.of())).isEqualTo(OperationalWebhookConfig.OFF);
        assertThat(OperationalWebhookConfig.OFF.enabled()).isFalse();
    }

    @Test
    void readsTheUrlAndTheSecretAndNeverShowsTheSecret() {
        OperationalWebhookConfig config = OperationalWebhookConfig.fromEnvironment(Map.of(
                OperationalWebhookConfig.URL, "https://ops.example/hooks", OperationalWebhookConfig.SECRET, SECRET));

        assertThat(config.enabled()).isTrue();
        assertThat(config.url()).contains(URI.create("https://ops.example/hooks"));
        assertThat(config.secret().orElseThrow().encoded()).isEqualTo(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET).contains("https://ops.example/hooks");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://ops.example/h |                       | HOOKSHOT_OPERATIONAL_WEBHOOK_SECRET is not set",
                "                      | " + SECRET + "        | HOOKSHOT_OPERATIONAL_WEBHOOK_URL is not set",
                "ops.example/h         | " + SECRET
                        + "        | HOOKSHOT_OPERATIONAL_WEBHOOK_URL must be an absolute http or https URL",
                "ftp://ops.example/h   | " + SECRET
                        + "        | HOOKSHOT_OPERATIONAL_WEBHOOK_URL must be an absolute http or https URL",
                "https://u:p@ops.ex/h  | " + SECRET
                        + "        | HOOKSHOT_OPERATIONAL_WEBHOOK_URL must not carry credentials",
                "https://ops.example/h | secret                | HOOKSHOT_OPERATIONAL_WEBHOOK_SECRET",
                "https://ops.example/h | " + SECRET + " " + SECRET
                        + " | HOOKSHOT_OPERATIONAL_WEBHOOK_SECRET must be one whsec_ secret",
            })
    void aBadOrMissingValueIsRefusedNamingTheVariable(String url, String secret, String message) {
        Map<String, String> env = new java.util.HashMap<>();
        if (url != null) {
            env.put(OperationalWebhookConfig.URL, url);
        }
        if (secret != null) {
            env.put(OperationalWebhookConfig.SECRET, secret);
        }
        assertThatThrownBy(() -> OperationalWebhookConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aBadSecretIsNeverEchoed() {
        assertThatThrownBy(() -> OperationalWebhookConfig.fromEnvironment(Map.of(
                        OperationalWebhookConfig.URL, "https://ops.example/h",
                        OperationalWebhookConfig.SECRET, "whsec_notbase64!!")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageNotContaining("notbase64");
    }
}
