package io.hookshot.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.run.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The commands of the built jar, as the README shows them: output, exit codes, errors. */
@ExtendWith(RealServers.class)
class CommandLineIT {
    private record Run(int exit, String out, String err) {
    }

    private static Run hookshot(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", WorkerProcess.jar().getPath()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hookshot " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void sendPrintsOnlyIdsAndStatusShowsTheOutcome(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers); TestReceiver receiver = TestReceiver.alwaysOk()) {
            Map<String, String> env = fixture.env(Map.of());
            assertThat(hookshot(env, "migrate").exit()).isZero();

            Run send = hookshot(env, "send", "--url", receiver.url("/cli"), "--data", "{\"a\":1}",
                    "--header", "X-Tenant: acme", "--count", "3");
            assertThat(send.exit()).as(send.err()).isZero();
            List<String> ids = send.out().lines().toList();
            assertThat(ids).hasSize(3).doesNotHaveDuplicates().allMatch(id -> id.matches("msg_[0-9a-f]{32}"));

            Worker worker = Worker.start(fixture.config(Map.of()));
            try {
                fixture.awaitFinal(ids, Duration.ofSeconds(20));
            } finally {
                worker.close();
            }
            assertThat(receiver.receivedFor(ids.getFirst()).getFirst().headers()).containsEntry("x-tenant", "acme");

            Run status = hookshot(env, "status", ids.getFirst());
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains(ids.getFirst()).contains("delivered").contains("200");

            JsonNode json = new ObjectMapper().readTree(hookshot(env, "status", "--json", ids.getFirst()).out());
            assertThat(json.get("status").asText()).isEqualTo("delivered");
            assertThat(json.get("history")).hasSize(1);

            Run check = hookshot(env, "check", "--pause", "100ms");
            assertThat(check.exit()).as(check.out()).isZero();
            assertThat(check.out()).contains("OK");
        }
    }

    @Test
    void unknownIdsAndBadSettingsGetClearErrorsAndExitCodes(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Run unknown = hookshot(fixture.env(Map.of()), "status", "msg_unknown");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("no message with id 'msg_unknown'");

            Run badSetting = hookshot(fixture.env(Map.of(WorkerConfig.CONCURRENCY, "lots")), "worker");
            assertThat(badSetting.exit()).isEqualTo(2);
            assertThat(badSetting.err()).contains("HOOKSHOT_CONCURRENCY must be a whole number");

            Run badUrl = hookshot(fixture.env(Map.of()), "send", "--url", "ftp://example.com/x", "--data", "{}");
            assertThat(badUrl.exit()).isEqualTo(2);
            assertThat(badUrl.out()).isEmpty();
            assertThat(badUrl.err()).contains("http");
        }
    }
}
