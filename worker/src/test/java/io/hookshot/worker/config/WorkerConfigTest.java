package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.Durations;
import io.hookshot.common.RetrySchedule;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.worker.http.Cidr;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerConfigTest {
    private static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW_SECRET = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("HOOKSHOT_REDIS_URL", "redis://127.0.0.1:6379");
        env.put("HOOKSHOT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/hookshot");
        return env;
    }

    @Test
    void defaultsNeedOnlyTheTwoUrls() {
        WorkerConfig c = WorkerConfig.fromEnvironment(minimal());

        assertThat(c.queue()).isEqualTo("default");
        assertThat(c.partitions()).isEqualTo(16);
        assertThat(c.retrySchedule()).isEqualTo(RetrySchedule.DEFAULT);
        assertThat(c.httpTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.lease()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.database().user()).isEqualTo("postgres");
        assertThat(c.workerId()).isNotBlank();
    }

    @Test
    void readsEveryTypedSetting() {
        Map<String, String> env = minimal();
        env.put("HOOKSHOT_RETRY_SCHEDULE", "5s,5m");
        env.put("HOOKSHOT_CONCURRENCY", "200");
        env.put("HOOKSHOT_HTTP_TIMEOUT", "200ms");
        env.put("HOOKSHOT_CONNECT_TIMEOUT", "100ms");
        env.put("HOOKSHOT_LEASE", "2h");
        env.put("HOOKSHOT_SHUTDOWN_GRACE", "1d");

        WorkerConfig c = WorkerConfig.fromEnvironment(env);

        assertThat(c.retrySchedule().maxAttempts()).isEqualTo(3);
        assertThat(c.concurrency()).isEqualTo(200);
        assertThat(c.httpTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.lease()).isEqualTo(Duration.ofHours(2));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HOOKSHOT_REDIS_URL|        | HOOKSHOT_REDIS_URL is not set",
                "HOOKSHOT_REDIS_URL|http://h:6379 | HOOKSHOT_REDIS_URL has scheme 'http'; must look like redis://",
                "HOOKSHOT_REDIS_URL|redis-cluster://a:1/2 | HOOKSHOT_REDIS_URL names a database",
                "HOOKSHOT_DATABASE_URL|     | HOOKSHOT_DATABASE_URL is not set",
                "HOOKSHOT_CONCURRENCY|lots  | HOOKSHOT_CONCURRENCY must be a whole number from 1 to 10000, got 'lots'",
                "HOOKSHOT_CONCURRENCY|0     | HOOKSHOT_CONCURRENCY must be a whole number",
                "HOOKSHOT_PARTITIONS|2000   | HOOKSHOT_PARTITIONS must be a whole number from 1 to 1024",
                "HOOKSHOT_HTTP_TIMEOUT|15   | HOOKSHOT_HTTP_TIMEOUT: '15' is not a duration",
                "HOOKSHOT_RETRY_SCHEDULE|5s,,5m | HOOKSHOT_RETRY_SCHEDULE:",
                "HOOKSHOT_RETRY_JITTER|1.5  | HOOKSHOT_RETRY_JITTER must be a number from 0 to 1",
                "HOOKSHOT_QUEUE|a b         | HOOKSHOT_QUEUE: queue name must be",
                "HOOKSHOT_HTTP_TIMEOUT|2h   | HOOKSHOT_HTTP_TIMEOUT must be from 100ms to 1h, got '2h'",
                "HOOKSHOT_CONNECT_TIMEOUT|0 | HOOKSHOT_CONNECT_TIMEOUT must be from 100ms to 1h, got '0'",
                "HOOKSHOT_ALLOWED_NETWORKS|10.0.0.0/33 | HOOKSHOT_ALLOWED_NETWORKS: '10.0.0.0/33' is not a CIDR network: prefix length must be 0 to 32, got 33",
                "HOOKSHOT_ALLOWED_NETWORKS|127.0.0.0/8,localhost | HOOKSHOT_ALLOWED_NETWORKS: 'localhost' is not a CIDR network",
                "HOOKSHOT_ALLOWED_NETWORKS|10.0.0.1/8 | HOOKSHOT_ALLOWED_NETWORKS: '10.0.0.1/8' is not a CIDR network: 10.0.0.1/8 has host bits set; the network is 10.0.0.0/8",
                "HOOKSHOT_ALLOWED_NETWORKS|10.0.0.0/8,,::1/128 | HOOKSHOT_ALLOWED_NETWORKS must be comma-separated CIDR networks",
            })
    void badValuesAreRefusedNamingTheVariable(String name, String value, String message) {
        Map<String, String> env = minimal();
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }

        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message.strip());
    }

    /** The connect timeout and the lease follow the HTTP timeout unless they are set: a default never conflicts. */
    @ParameterizedTest(name = "HTTP {0}, connect {1}, lease {2}: connect {3}, lease {4}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // HTTP_TIMEOUT | CONNECT_TIMEOUT | LEASE | connect timeout used | lease used
                "-     | -   | -   | 5s    | 1m",
                "3s    | -   | -   | 3s    | 1m",
                "200ms | -   | -   | 200ms | 1m",
                "45s   | -   | -   | 5s    | 90s",
                "10m   | -   | -   | 5s    | 20m",
                "3s    | 2s  | -   | 2s    | 1m",
                "45s   | 45s | 2m  | 45s   | 2m",
                "-     | 1s  | 30s | 1s    | 30s",
            })
    void anUnsetConnectTimeoutOrLeaseAdaptsToTheHttpTimeout(
            String http, String connect, String lease, String connectUsed, String leaseUsed) {
        Map<String, String> env = minimal();
        putUnlessNull(env, "HOOKSHOT_HTTP_TIMEOUT", http);
        putUnlessNull(env, "HOOKSHOT_CONNECT_TIMEOUT", connect);
        putUnlessNull(env, "HOOKSHOT_LEASE", lease);

        WorkerConfig c = WorkerConfig.fromEnvironment(env);

        assertThat(c.connectTimeout()).isEqualTo(Durations.parse(connectUsed));
        assertThat(c.lease()).isEqualTo(Durations.parse(leaseUsed));
    }

    /** Only a value set explicitly can conflict; the error names both variables and what to change. */
    @ParameterizedTest(name = "HTTP {0}, connect {1}, lease {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // HTTP_TIMEOUT | CONNECT_TIMEOUT | LEASE | the whole error
                "3s  | 5s  | -   | HOOKSHOT_CONNECT_TIMEOUT (5s) must not exceed HOOKSHOT_HTTP_TIMEOUT (3s): set"
                        + " HOOKSHOT_CONNECT_TIMEOUT to 3s or less (or unset it: it then follows HOOKSHOT_HTTP_TIMEOUT), or"
                        + " HOOKSHOT_HTTP_TIMEOUT to 5s or more",
                "-   | 20s | -   | HOOKSHOT_CONNECT_TIMEOUT (20s) must not exceed HOOKSHOT_HTTP_TIMEOUT (15s): set"
                        + " HOOKSHOT_CONNECT_TIMEOUT to 15s or less (or unset it: it then follows HOOKSHOT_HTTP_TIMEOUT), or"
                        + " HOOKSHOT_HTTP_TIMEOUT to 20s or more",
                "45s | -   | 1m  | HOOKSHOT_LEASE (1m) must be at least twice HOOKSHOT_HTTP_TIMEOUT (45s), or a slow delivery"
                        + " could outlive its lease and be sent twice: set HOOKSHOT_LEASE to 90s or more (or unset it: it then"
                        + " follows HOOKSHOT_HTTP_TIMEOUT), or HOOKSHOT_HTTP_TIMEOUT to 30s or less",
                "-   | -   | 20s | HOOKSHOT_LEASE (20s) must be at least twice HOOKSHOT_HTTP_TIMEOUT (15s), or a slow delivery"
                        + " could outlive its lease and be sent twice: set HOOKSHOT_LEASE to 30s or more (or unset it: it then"
                        + " follows HOOKSHOT_HTTP_TIMEOUT), or HOOKSHOT_HTTP_TIMEOUT to 10s or less",
            })
    void anExplicitConnectTimeoutOrLeaseThatConflictsIsRefusedNamingBoth(
            String http, String connect, String lease, String error) {
        Map<String, String> env = minimal();
        putUnlessNull(env, "HOOKSHOT_HTTP_TIMEOUT", http);
        putUnlessNull(env, "HOOKSHOT_CONNECT_TIMEOUT", connect);
        putUnlessNull(env, "HOOKSHOT_LEASE", lease);

        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(error);
    }

    private static void putUnlessNull(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    @Test
    void allowedNetworksAreNoneByDefaultAndReadAsCommaSeparatedCidrs() {
        assertThat(WorkerConfig.fromEnvironment(minimal()).allowedNetworks()).isEmpty();

        Map<String, String> env = minimal();
        env.put("HOOKSHOT_ALLOWED_NETWORKS", " 127.0.0.0/8, ::1/128 ,10.1.2.3");

        assertThat(WorkerConfig.fromEnvironment(env).allowedNetworks())
                .containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"), Cidr.parse("10.1.2.3/32"));
    }

    @Test
    void takesAServerOrAClusterUrl() {
        Map<String, String> env = minimal();
        env.put("HOOKSHOT_REDIS_URL", "redis-cluster://10.0.0.1:7000,10.0.0.2:7000");

        assertThat(WorkerConfig.fromEnvironment(env).redisUrl().redacted())
                .isEqualTo("redis-cluster://10.0.0.1:7000,10.0.0.2:7000");
        assertThat(WorkerConfig.fromEnvironment(minimal()).redisUrl().redacted())
                .isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void retryPolicySettingsAreRead() {
        WorkerConfig defaults = WorkerConfig.fromEnvironment(minimal());
        assertThat(defaults.failFastOn4xx()).isFalse();
        assertThat(defaults.retryAfterCap()).isEmpty();

        Map<String, String> env = minimal();
        env.put("HOOKSHOT_FAIL_FAST_4XX", "true");
        env.put("HOOKSHOT_RETRY_AFTER_CAP", "1h");
        env.put("HOOKSHOT_RETRY_SCHEDULE", "exponential(1s,2,1m,3)");
        WorkerConfig c = WorkerConfig.fromEnvironment(env);

        assertThat(c.failFastOn4xx()).isTrue();
        assertThat(c.retryAfterCap()).contains(Duration.ofHours(1));
        assertThat(c.retrySchedule().toString()).isEqualTo("1s,2s,4s");
    }

    @Test
    void databasePasswordIsNotPrinted() {
        Map<String, String> env = minimal();
        env.put("HOOKSHOT_DATABASE_PASSWORD", "s3cret");

        assertThat(WorkerConfig.fromEnvironment(env).toString()).doesNotContain("s3cret");
    }

    @Test
    void redisPasswordIsNotPrinted() {
        Map<String, String> env = minimal();
        env.put("HOOKSHOT_REDIS_URL", "redis://hookshot:r3dis-s3cret@127.0.0.1:6379");

        WorkerConfig config = WorkerConfig.fromEnvironment(env);
        assertThat(config.toString()).doesNotContain("r3dis-s3cret").contains("redis://hookshot:***@127.0.0.1:6379");
        assertThat(config.redisUrl().password()).contains("r3dis-s3cret");
    }

    @Test
    void readsNoneOneOrSeveralSpaceSeparatedSigningSecrets() {
        Map<String, String> env = minimal();
        assertThat(WorkerConfig.fromEnvironment(env).signingSecrets()).isEmpty();

        env.put("HOOKSHOT_SIGNING_SECRET", NEW_SECRET);
        assertThat(WorkerConfig.fromEnvironment(env).signingSecrets()).containsExactly(SigningSecret.parse(NEW_SECRET));

        env.put("HOOKSHOT_SIGNING_SECRET", " " + OLD_SECRET + "  " + NEW_SECRET + " ");
        assertThat(WorkerConfig.fromEnvironment(env).signingSecrets())
                .containsExactly(SigningSecret.parse(OLD_SECRET), SigningSecret.parse(NEW_SECRET));
    }

    @Test
    void aBadSigningSecretIsRefusedNamingTheVariableButNotTheSecret() {
        Map<String, String> env = minimal();
        env.put("HOOKSHOT_SIGNING_SECRET", OLD_SECRET + " whsec_dG9vIHNob3J0");

        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("HOOKSHOT_SIGNING_SECRET: secret 2 of 2: signing secret must hold 24 to 64 bytes after"
                        + " 'whsec_', this one holds 9");
        env.put("HOOKSHOT_SIGNING_SECRET", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(env))
                .hasMessageStartingWith("HOOKSHOT_SIGNING_SECRET: signing secret must have the form whsec_<base64>")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MfKQ9r8"));
    }

    @Test
    void signingSecretsAreNotPrinted() {
        Map<String, String> env = minimal();
        env.put("HOOKSHOT_SIGNING_SECRET", OLD_SECRET + " " + NEW_SECRET);

        assertThat(WorkerConfig.fromEnvironment(env).toString())
                .doesNotContain("whsec_", "MfKQ9r8", "dGhlIG5ldyBz")
                .contains("signingSecrets=");
    }
}
