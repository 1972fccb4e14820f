package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void defaultsApplyWhenNothingIsSet() {
        ServerConfig c = ServerConfig.fromEnvironment(Map.of());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.apiToken()).isEmpty();
        assertThat(c.deadLetterRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.historyRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(c.replayRate()).isEqualTo(ServerConfig.DEFAULT_REPLAY_RATE);
    }

    @Test
    void withoutATokenTheApiRefusesToStartUnlessToldInsecure() {
        ServerConfig none = ServerConfig.fromEnvironment(Map.of());
        assertThatThrownBy(() -> none.requireToken(false))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(ServerConfig.API_TOKEN)
                .hasMessageContaining("--insecure-no-auth");
        assertThat(none.requireToken(true)).isEmpty();
        ServerConfig set = ServerConfig.fromEnvironment(Map.of(ServerConfig.API_TOKEN, TOKEN));
        assertThat(set.requireToken(false)).contains(TOKEN);
        assertThat(set.requireToken(true)).as("a set token is always required").contains(TOKEN);
    }

    @Test
    void theWorkerAndTheAdminCommandsReadOnlyTheSettingTheyUse() {
        Map<String, String> env = Map.of(
                ServerConfig.HTTP_PORT,
                "9000",
                ServerConfig.REPLAY_RATE,
                "7",
                ServerConfig.API_TOKEN,
                "short",
                ServerConfig.HISTORY_RETENTION,
                "forever");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(env)).isInstanceOf(InvalidConfigException.class);

        assertThat(ServerConfig.httpPortFrom(env)).isEqualTo(9000);
        assertThat(ServerConfig.replayRateFrom(env)).isEqualTo(7);
        assertThatThrownBy(() -> ServerConfig.httpPortFrom(Map.of(ServerConfig.HTTP_PORT, "eighty")))
                .hasMessageContaining(ServerConfig.HTTP_PORT);
    }

    @Test
    void badValuesNameTheirVariableAndNeverShowTheToken() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(ServerConfig.HTTP_PORT, "eighty")))
                .hasMessageContaining(ServerConfig.HTTP_PORT);
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(ServerConfig.REPLAY_RATE, "0")))
                .hasMessageContaining(ServerConfig.REPLAY_RATE);
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(ServerConfig.API_TOKEN, "tooshort")))
                .hasMessageContaining(ServerConfig.API_TOKEN)
                .hasMessageNotContaining("tooshort");
        assertThat(new ServerConfig(
                                8080,
                                Optional.of(TOKEN),
                                Duration.ofDays(1),
                                Duration.ofDays(1),
                                Duration.ofHours(1),
                                5)
                        .toString())
                .doesNotContain(TOKEN)
                .contains("(set)");
    }
}
