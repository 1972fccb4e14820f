package io.hookshot.worker.e2e;

import static io.hookshot.worker.e2e.JarCommand.hookshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.run.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The commands of the built jar, as the README shows them: output, exit codes, errors. */
@ExtendWith(RealServers.class)
class CommandLineIT {
    @Test
    void sendPrintsOnlyIdsAndStatusShowsTheOutcome(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers); TestReceiver receiver = TestReceiver.alwaysOk()) {
            Map<String, String> env = fixture.env(Map.of());
            assertThat(hookshot(env, "migrate").exit()).isZero();

            var send = hookshot(env, "send", "--url", receiver.url("/cli"), "--data", "{\"a\":1}",
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

            var status = hookshot(env, "status", ids.getFirst());
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains(ids.getFirst()).contains("delivered").contains("200");

            JsonNode json = new ObjectMapper().readTree(hookshot(env, "status", "--json", ids.getFirst()).out());
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
            assertThat(badUrl.err()).contains("http");
        }
    }
}
