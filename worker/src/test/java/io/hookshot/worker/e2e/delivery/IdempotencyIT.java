package io.hookshot.worker.e2e.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.MessageId;
import io.hookshot.producer.Message;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.e2e.fixtures.WorkerFixture;
import io.hookshot.worker.e2e.fixtures.WorkerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One idempotency key, sent at once from many threads and several processes, makes one message. */
@ExtendWith(RealServers.class)
class IdempotencyIT {
    @Test
    void concurrentSendsWithOneKeyFromThreadsAndProcessesMakeOneMessage(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            String url = "http://127.0.0.1:9/idempotent";
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-jar",
                        WorkerProcess.jar().getPath(),
                        "send",
                        "--url",
                        url,
                        "--data",
                        "{\"p\":" + i + "}",
                        "--idempotency-key",
                        "order-42");
                builder.environment().putAll(fixture.env(Map.of()));
                processes.add(
                        builder.redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Callable<MessageId>> sends = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                sends.add(() -> fixture.producer.send(Message.builder(url)
                        .payload("{\"t\":" + n + "}")
                        .idempotencyKey("order-42")
                        .build()));
            }
            Set<String> ids = new HashSet<>();
            for (Future<MessageId> f : threads.invokeAll(sends)) {
                ids.add(f.get().value());
            }
            threads.shutdown();
            for (Process p : processes) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
                ids.add(read(p).strip());
            }

            assertThat(ids).hasSize(1);
            assertThat(fixture.inspect().ready()).isEqualTo(1);
        }
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
