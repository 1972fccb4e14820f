package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProducerConfigTest {
    private static final String URL = "redis://127.0.0.1:6379";

    @Test
    void defaultsAreTheDocumentedConstants() {
        ProducerConfig c = ProducerConfig.defaults(URL);
        assertThat(c.redisUrl()).isEqualTo(URL);
        assertThat(c.queue()).isEqualTo("default").isEqualTo(ProducerConfig.DEFAULT_QUEUE);
        assertThat(c.partitions()).isEqualTo(16).isEqualTo(ProducerConfig.DEFAULT_PARTITIONS);
        assertThat(c.maxPayloadBytes()).isEqualTo(256 * 1024).isEqualTo(ProducerConfig.DEFAULT_MAX_PAYLOAD_BYTES);
        assertThat(c.idempotencyWindow())
                .isEqualTo(Duration.ofHours(24))
                .isEqualTo(ProducerConfig.DEFAULT_IDEMPOTENCY_WINDOW);
        assertThat(c.maxPoolSize()).isEqualTo(16).isEqualTo(ProducerConfig.DEFAULT_MAX_POOL_SIZE);
        assertThat(c.eventTypesStrict()).isTrue().isEqualTo(ProducerConfig.DEFAULT_EVENT_TYPES_STRICT);
        assertThat(c.withEventTypesStrict(false).eventTypesStrict()).isFalse();
    }

    @Test
    void environmentWithOnlyTheUrlGivesTheDefaults() {
        assertThat(ProducerConfig.fromEnvironment(Map.of("HOOKSHOT_REDIS_URL", URL)))
                .isEqualTo(ProducerConfig.defaults(URL));
    }

    @Test
    void blankVariablesCountAsUnset() {
        Map<String, String> env =
                new HashMap<>(Map.of("HOOKSHOT_REDIS_URL", URL, "HOOKSHOT_QUEUE", " ", "HOOKSHOT_PARTITIONS", ""));
        assertThat(ProducerConfig.fromEnvironment(env)).isEqualTo(ProducerConfig.defaults(URL));
    }

    @Test
    void readsEveryVariable() {
        ProducerConfig c = ProducerConfig.fromEnvironment(Map.of(
                "HOOKSHOT_REDIS_URL", "rediss://app:secret@redis.internal:6380/2",
                "HOOKSHOT_QUEUE", "billing-events",
                "HOOKSHOT_PARTITIONS", "64",
                "HOOKSHOT_MAX_PAYLOAD", "1048576",
                "HOOKSHOT_IDEMPOTENCY_WINDOW", "2h",
                "HOOKSHOT_REDIS_POOL_SIZE", "4",
                "HOOKSHOT_EVENT_TYPES_STRICT", "false",
                "HOOKSHOT_ENQUEUE_REPLICAS", "2",
                "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT", "250ms"));
        assertThat(c)
                .isEqualTo(new ProducerConfig(
                        "rediss://app:secret@redis.internal:6380/2",
                        "billing-events",
                        64,
                        1_048_576,
                        Duration.ofHours(2),
                        4,
                        false,
                        new ReplicaAcks(2, Duration.ofMillis(250))));
    }

    @Test
    void takesAClusterUrl() {
        String cluster = "redis-cluster://app:secret@10.0.0.1:7000,10.0.0.2:7000";
        ProducerConfig c = ProducerConfig.fromEnvironment(Map.of("HOOKSHOT_REDIS_URL", cluster));

        assertThat(c.redisUrl()).isEqualTo(cluster);
        assertThat(c.toString())
                .contains("redis-cluster://app:***@10.0.0.1:7000,10.0.0.2:7000")
                .doesNotContain("secret");
    }

    @Test
    void variableNamesAreTheConstants() {
        assertThat(Stream.of(
                        ProducerConfig.ENV_REDIS_URL,
                        ProducerConfig.ENV_QUEUE,
                        ProducerConfig.ENV_PARTITIONS,
                        ProducerConfig.ENV_MAX_PAYLOAD,
                        ProducerConfig.ENV_IDEMPOTENCY_WINDOW,
                        ProducerConfig.ENV_REDIS_POOL_SIZE,
                        ProducerConfig.ENV_EVENT_TYPES_STRICT,
                        ProducerConfig.ENV_ENQUEUE_REPLICAS,
                        ProducerConfig.ENV_ENQUEUE_REPLICA_TIMEOUT))
                .containsExactly(
                        "HOOKSHOT_REDIS_URL",
                        "HOOKSHOT_QUEUE",
                        "HOOKSHOT_PARTITIONS",
                        "HOOKSHOT_MAX_PAYLOAD",
                        "HOOKSHOT_IDEMPOTENCY_WINDOW",
                        "HOOKSHOT_REDIS_POOL_SIZE",
                        "HOOKSHOT_EVENT_TYPES_STRICT",
                        "HOOKSHOT_ENQUEUE_REPLICAS",
                        "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT");
    }

    static Stream<Arguments> badEnvironments() {
        return Stream.of(
                bad("HOOKSHOT_REDIS_URL", null, "HOOKSHOT_REDIS_URL is required"),
                bad("HOOKSHOT_REDIS_URL", "http://127.0.0.1:6379", "HOOKSHOT_REDIS_URL has scheme 'http'"),
                bad("HOOKSHOT_REDIS_URL", "127.0.0.1:6379", "must look like redis://"),
                bad("HOOKSHOT_REDIS_URL", "redis:///0", "HOOKSHOT_REDIS_URL names no host"),
                bad("HOOKSHOT_REDIS_URL", "redis://h:1 /", "HOOKSHOT_REDIS_URL is not a valid URI"),
                bad("HOOKSHOT_REDIS_URL", "redis://h:6379/db", "HOOKSHOT_REDIS_URL has a path"),
                bad("HOOKSHOT_REDIS_URL", "redis-cluster://a:7000/1", "HOOKSHOT_REDIS_URL names a database"),
                bad("HOOKSHOT_QUEUE", "has space", "HOOKSHOT_QUEUE: queue name must be"),
                bad("HOOKSHOT_EVENT_TYPES_STRICT", "no", "HOOKSHOT_EVENT_TYPES_STRICT must be true or false, got 'no'"),
                bad(
                        "HOOKSHOT_ENQUEUE_REPLICAS",
                        "17",
                        "HOOKSHOT_ENQUEUE_REPLICAS must be a whole number from 0 to 16, got '17'"),
                bad("HOOKSHOT_ENQUEUE_REPLICAS", "-1", "HOOKSHOT_ENQUEUE_REPLICAS must be a whole number"),
                bad(
                        "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT",
                        "0s",
                        "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT (timeout) must be from 1ms"),
                bad(
                        "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT",
                        "2m",
                        "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT (timeout) must be from 1ms"),
                bad("HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT", "soon", "HOOKSHOT_ENQUEUE_REPLICA_TIMEOUT: "),
                bad(
                        "HOOKSHOT_PARTITIONS",
                        "abc",
                        "HOOKSHOT_PARTITIONS must be a whole number from 1 to 1024, got 'abc'"),
                bad("HOOKSHOT_PARTITIONS", "0", "HOOKSHOT_PARTITIONS must be a whole number from 1 to 1024, got '0'"),
                bad("HOOKSHOT_PARTITIONS", "1025", "got '1025'"),
                bad("HOOKSHOT_PARTITIONS", "-3", "got '-3'"),
                bad("HOOKSHOT_PARTITIONS", "99999999999", "got '99999999999'"),
                bad(
                        "HOOKSHOT_MAX_PAYLOAD",
                        "256kb",
                        "HOOKSHOT_MAX_PAYLOAD must be a whole number from 1 to 67108864, got '256kb'"),
                bad("HOOKSHOT_IDEMPOTENCY_WINDOW", "a day", "HOOKSHOT_IDEMPOTENCY_WINDOW: 'a day' is not a duration"),
                bad("HOOKSHOT_IDEMPOTENCY_WINDOW", "0", "HOOKSHOT_IDEMPOTENCY_WINDOW (idempotencyWindow) must be"),
                bad("HOOKSHOT_IDEMPOTENCY_WINDOW", "400d", "HOOKSHOT_IDEMPOTENCY_WINDOW (idempotencyWindow) must be"),
                bad("HOOKSHOT_REDIS_POOL_SIZE", "0", "HOOKSHOT_REDIS_POOL_SIZE must be a whole number"));
    }

    private static Arguments bad(String variable, String value, String message) {
        return Arguments.of(variable, value, message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badEnvironments")
    void errorNamesTheVariable(String variable, String value, String message) {
        Map<String, String> env = new HashMap<>();
        env.put("HOOKSHOT_REDIS_URL", URL);
        env.remove(variable);
        if (value != null) {
            env.put(variable, value);
        }
        assertThatThrownBy(() -> ProducerConfig.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void constructorErrorsNameTheVariableToo() {
        ProducerConfig c = ProducerConfig.defaults(URL);
        assertThatThrownBy(() -> c.withPartitions(0)).hasMessageContaining("HOOKSHOT_PARTITIONS");
        assertThatThrownBy(() -> c.withMaxPayloadBytes(-1)).hasMessageContaining("HOOKSHOT_MAX_PAYLOAD");
        assertThatThrownBy(() -> c.withMaxPoolSize(0)).hasMessageContaining("HOOKSHOT_REDIS_POOL_SIZE");
        assertThatThrownBy(() -> c.withQueue("a:b")).hasMessageContaining("HOOKSHOT_QUEUE");
        assertThatThrownBy(() -> c.withIdempotencyWindow(Duration.ofNanos(5)))
                .hasMessageContaining("HOOKSHOT_IDEMPOTENCY_WINDOW");
    }

    @Test
    void passwordNeverShowsInToStringOrErrors() {
        ProducerConfig c = ProducerConfig.defaults("redis://app:s3cret@redis.internal:6379/0");
        assertThat(c.toString()).doesNotContain("s3cret").contains("redis://app:***@redis.internal:6379/0");
        assertThat(ProducerConfig.defaults("redis://:s3cret@h:6379").redactedRedisUrl())
                .isEqualTo("redis://:***@h:6379");
        assertThat(ProducerConfig.defaults("redis://s3cret@h:6379").redactedRedisUrl())
                .isEqualTo("redis://***@h:6379");
        assertThatThrownBy(() -> ProducerConfig.defaults("redis://app:s3cret@h:6379/x"))
                .message()
                .doesNotContain("s3cret");
        assertThatThrownBy(() -> ProducerConfig.defaults("redis://app:s3 cret@h:6379"))
                .message()
                .doesNotContain("s3");
    }
}
