package io.hookshot.worker.e2e.cli;

import static io.hookshot.testing.JarCommand.hookshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.testing.JarCommand;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestReceiver;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import io.hookshot.worker.run.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The commands of the built jar, as the README shows them: output, exit codes, errors. */
@ExtendWith(RealServers.class)
class CommandLineIT {
    @Test
    void sendPrintsOnlyIdsAndStatusShowsTheOutcome(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            Map<String, String> env = fixture.env(Map.of());
            assertThat(hookshot(env, "migrate").exit()).isZero();

            var send = hookshot(
                    env,
                    "send",
                    "--url",
                    receiver.url("/cli"),
                    "--data",
                    "{\"a\":1}",
                    "--header",
                    "X-Tenant: acme",
                    "--count",
                    "3");
            assertThat(send.exit()).as(send.err()).isZero();
            assertThat(send.err()).as("send prints only the ids").isEmpty();
            List<String> ids = send.out().lines().toList();
            assertThat(ids).hasSize(3).doesNotHaveDuplicates().allMatch(id -> id.matches("msg_[0-9a-f]{32}"));

            Worker worker = Worker.start(fixture.config(Map.of()));
            try {
                fixture.awaitFinal(ids, Duration.ofSeconds(20));
            } finally {
                worker.close();
            }
            assertThat(receiver.receivedFor(ids.getFirst()).getFirst().headers())
                    .containsEntry("x-tenant", "acme");

            var status = hookshot(env, "status", ids.getFirst());
            assertThat(status.exit()).isZero();
            assertThat(status.out())
                    .contains(ids.getFirst())
                    .contains("delivered")
                    .contains("200");
            assertThat(status.err()).as("status prints only the status").isEmpty();

            var verbose = hookshot(env, "--verbose", "send", "--url", receiver.url("/cli"), "--data", "{}");
            assertThat(verbose.out().strip()).matches("msg_[0-9a-f]{32}");
            assertThat(verbose.err()).contains(" INFO ").contains("producer ready");
            assertThat(hookshot(env, "send", "--verbose", "--url", receiver.url("/cli"), "--data", "{}")
                            .err())
                    .as("--verbose after the command")
                    .contains(" INFO ");

            JsonNode json = new ObjectMapper()
                    .readTree(hookshot(env, "status", "--json", ids.getFirst()).out());
            assertThat(json.get("status").asText()).isEqualTo("delivered");
            assertThat(json.get("history")).hasSize(1);

            var check = hookshot(env, "check", "--pause", "100ms");
            assertThat(check.exit()).as(check.out()).isZero();
            assertThat(check.out()).contains("OK");
        }
    }

    @Test
    void unknownIdsAndBadSettingsGetClearErrorsAndExitCodes(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            var unknown = hookshot(fixture.env(Map.of()), "status", "msg_unknown");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("no message with id 'msg_unknown'");

            var badSetting = hookshot(fixture.env(Map.of(WorkerConfig.CONCURRENCY, "lots")), "worker");
            assertThat(badSetting.exit()).isEqualTo(2);
            assertThat(badSetting.err()).contains("HOOKSHOT_CONCURRENCY must be a whole number");

            var badUrl = hookshot(fixture.env(Map.of()), "send", "--url", "ftp://example.com/x", "--data", "{}");
            assertThat(badUrl.exit()).isEqualTo(2);
            assertThat(badUrl.out()).isEmpty();
            assertThat(badUrl.err())
                    .as("one line naming the field")
                    .isEqualTo("hookshot: url scheme must be http" + " or https, got 'ftp'" + System.lineSeparator());
            var badBatch = hookshot(
                    fixture.env(Map.of()), "send", "--url", "ftp://example.com/x", "--data", "{}", "--count", "2");
            assertThat(badBatch.err()).startsWith("hookshot: message 0 of a batch of 2 (id msg_");
        }
    }

    @Test
    void aShortHttpTimeoutAloneStartsAWorkerThatIgnoresServerOnlySettings(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Map<String, String> env = new HashMap<>(fixture.env(Map.of(
                    WorkerConfig.HTTP_TIMEOUT, "3s", ServerConfig.API_TOKEN, "short", ServerConfig.REPLAY_RATE, "0")));
            env.remove(WorkerConfig.CONNECT_TIMEOUT);
            env.remove(WorkerConfig.LEASE);

            try (WorkerProcess worker = new WorkerProcess("short-http-timeout", env)) {
                worker.awaitStarted(Duration.ofSeconds(60));
                assertThat(worker.output()).contains("lease=60s http_timeout=3s");
            }
        }
    }

    @Test
    void aBadDeliverySettingStopsOnlyTheCommandsThatDeliver(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers);
                TestReceiver receiver = TestReceiver.alwaysOk()) {
            Map<String, String> env = fixture.env(Map.of(
                    WorkerConfig.LEASE,
                    "soon",
                    WorkerConfig.SIGNING_SECRET,
                    "not-a-secret",
                    WorkerConfig.CONCURRENCY,
                    "lots"));

            var worker = hookshot(env, "worker");
            assertThat(worker.exit()).as(worker.err()).isEqualTo(2);
            assertThat(worker.err()).contains("HOOKSHOT_");

            var send = hookshot(env, "send", "--url", receiver.url("/settings"), "--data", "{}");
            assertThat(send.exit()).as(send.err()).isZero();
            String id = send.out().strip();
            try (Worker delivering = Worker.start(fixture.config(Map.of()))) {
                fixture.awaitFinal(List.of(id), Duration.ofSeconds(20));
            }
            for (List<String> command : List.of(
                    List.of("status", id),
                    List.of("stats"),
                    List.of("messages"),
                    List.of("dlq", "list"),
                    List.of("check", "--pause", "100ms"),
                    List.of("migrate"))) {
                var run = hookshot(env, command.toArray(String[]::new));
                assertThat(run.exit()).as("%s: %s", command, run.err()).isZero();
            }
            assertThat(hookshot(env, "status", id).out()).contains("delivered");

            Map<String, String> serverEnv = new HashMap<>(env);
            serverEnv.put(ServerConfig.API_TOKEN, "a-token-of-the-right-length");
            serverEnv.put(ServerConfig.HTTP_PORT, "0");
            Process server = JarCommand.builder(JarCommand.HOOKSHOT_JAR, serverEnv, "server")
                    .redirectErrorStream(true)
                    .start();
            try {
                assertThat(CompletableFuture.supplyAsync(() -> firstLineWith(server, "listening on port", "hookshot: "))
                                .get(60, TimeUnit.SECONDS))
                        .as("the server's start")
                        .contains("listening");
            } finally {
                server.destroyForcibly();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The first line the process prints that contains one of {@code texts}; empty when it prints none. */
    private static String firstLineWith(Process process, String... texts) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                for (String text : texts) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
