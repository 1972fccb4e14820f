package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.producer.outbox.OutboxRelay;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboxRelayConfigTest {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/app";

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put(WorkerConfig.REDIS_URL, "redis://127.0.0.1:6379");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void noRelayWithoutItsDatabaseUrl() {
        assertThat(OutboxRelayConfig.fromEnvironment(env())).isEmpty();
        assertThat(OutboxRelayConfig.fromEnvironment(env(OutboxRelayConfig.URL, "")))
                .isEmpty();
    }

    @Test
    void theDocumentedDefaultsAreTheRelaysDefaults() {
        Map<String, String> documented = env(OutboxRelayConfig.URL, PG);
        for (ConfigVariable v : OutboxRelayConfig.VARIABLES) {
            if (!v.name().equals(OutboxRelayConfig.URL)) {
                documented.put(v.name(), v.defaultValue());
            }
        }
        OutboxRelayConfig config = OutboxRelayConfig.fromEnvironment(documented).orElseThrow();

        assertThat(config)
                .isEqualTo(OutboxRelayConfig.fromEnvironment(env(OutboxRelayConfig.URL, PG))
                        .orElseThrow());
        assertThat(config.settings()).isEqualTo(OutboxRelay.Settings.defaults());
        assertThat(config.user()).isEqualTo("postgres");
    }

    @Test
    void readsEverySetting() {
        OutboxRelayConfig config = OutboxRelayConfig.fromEnvironment(env(
                        OutboxRelayConfig.URL, "jdbc:mariadb://db:3306/app",
                        OutboxRelayConfig.USER, "app",
                        OutboxRelayConfig.PASSWORD, "pw",
                        OutboxRelayConfig.TABLE, "orders_outbox",
                        OutboxRelayConfig.BATCH_SIZE, "500",
                        OutboxRelayConfig.POLL_INTERVAL, "250ms",
                        WorkerConfig.QUEUE, "billing"))
                .orElseThrow();

        assertThat(config.settings()).isEqualTo(new OutboxRelay.Settings("orders_outbox", 500, Duration.ofMillis(250)));
        assertThat(config.producer().queue()).isEqualTo("billing");
        assertThat(config.toString()).doesNotContain("pw");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "HOOKSHOT_OUTBOX_DATABASE_URL, postgres://127.0.0.1/app",
        "HOOKSHOT_OUTBOX_TABLE, orders-outbox",
        "HOOKSHOT_OUTBOX_BATCH_SIZE, 0",
        "HOOKSHOT_OUTBOX_BATCH_SIZE, 1001",
        "HOOKSHOT_OUTBOX_POLL_INTERVAL, 1ms",
        "HOOKSHOT_OUTBOX_POLL_INTERVAL, soon",
        "HOOKSHOT_MAX_PAYLOAD, lots",
    })
    void aBadValueIsRefusedNamingItsSetting(String name, String value) {
        Map<String, String> env = env(OutboxRelayConfig.URL, PG);
        env.put(name, value);

        assertThatThrownBy(() -> OutboxRelayConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(name);
    }
}
