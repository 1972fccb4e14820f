package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionConfigTest {
    private static Map<String, String> connection() {
        Map<String, String> env = new HashMap<>();
        env.put(ConnectionConfig.REDIS_URL, "redis://127.0.0.1:6379");
        env.put(ConnectionConfig.DATABASE_URL, "jdbc:postgresql://127.0.0.1:5432/hookshot");
        env.put(ConnectionConfig.QUEUE, "orders");
        env.put(ConnectionConfig.PARTITIONS, "8");
        return env;
    }

    @Test
    void readsTheConnectionWhateverTheDeliverySettingsHold() {
        Map<String, String> env = connection();
        env.put(WorkerConfig.LEASE, "soon");
        env.put(WorkerConfig.SIGNING_SECRET, "not-a-secret");
        env.put(WorkerConfig.CONCURRENCY, "lots");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env)).isInstanceOf(InvalidConfigException.class);

        ConnectionConfig c = ConnectionConfig.fromEnvironment(env);

        assertThat(c.redisUrl().redacted()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/hookshot");
        assertThat(c.queue()).isEqualTo("orders");
        assertThat(c.partitions()).isEqualTo(8);
    }

    @Test
    void aWorkerReadsTheSameConnection() {
        WorkerConfig worker = WorkerConfig.fromEnvironment(connection());

        assertThat(worker.connection()).isEqualTo(ConnectionConfig.fromEnvironment(connection()));
        assertThat(worker.queue()).isEqualTo("orders");
        assertThat(worker.partitions()).isEqualTo(8);
    }

    @Test
    void theDatabaseAloneNeedsNoRedisUrl() {
        Map<String, String> env = Map.of(
                ConnectionConfig.DATABASE_URL,
                "jdbc:postgresql://db:5432/h",
                ConnectionConfig.DATABASE_PASSWORD,
                "s3cret");

        assertThat(ConnectionConfig.databaseFrom(env).url()).isEqualTo("jdbc:postgresql://db:5432/h");
        assertThatThrownBy(() -> ConnectionConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("HOOKSHOT_REDIS_URL is not set");
    }

    @Test
    void passwordsAreNotPrinted() {
        Map<String, String> env = connection();
        env.put(ConnectionConfig.REDIS_URL, "redis://u:r3dis-s3cret@127.0.0.1:6379");
        env.put(ConnectionConfig.DATABASE_PASSWORD, "pg-s3cret");

        assertThat(ConnectionConfig.fromEnvironment(env).toString()).doesNotContain("r3dis-s3cret", "pg-s3cret");
    }
}
