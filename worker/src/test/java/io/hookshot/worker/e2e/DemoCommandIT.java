package io.hookshot.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's second command: {@code demo} starts the whole stack (embedded servers in hookshot-demo.jar, or the
 * configured ones), and its summary adds up; {@code dev} runs the stack for an application to publish into.
 */
@ExtendWith(RealServers.class)
class DemoCommandIT {
    private static final Path DEMO_JAR = Path.of("target", "hookshot-demo.jar");
    private static final Pattern FIGURE = Pattern.compile("(?m)^(sent|delivered|dead)\\s+(\\d+)");

    private record Run(int exit, String out, String err) {
    }

    private static ProcessBuilder command(Path jar, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("HOOKSHOT_"));
        builder.environment().putAll(env);
        return builder;
    }

    private static Run run(Path jar, Map<String, String> env, String... args) throws Exception {
        Process process = command(jar, env, args).redirectError(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        ConcurrentLinkedQueue<String> err = new ConcurrentLinkedQueue<>();
        Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)).lines().forEach(err::add));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hookshot " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Run(process.exitValue(), out, String.join("\n", err));
    }

    private static Map<String, Long> figures(String out) {
        Map<String, Long> figures = new java.util.HashMap<>();
        Matcher m = FIGURE.matcher(out);
        while (m.find()) {
            figures.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return figures;
    }

    @Test
    void theDemoJarStartsEmbeddedServersAndItsSummaryAddsUp() throws Exception {
        Run demo = run(DEMO_JAR, Map.of(), "demo", "--messages", "300", "--exit", "--port", "0");

        assertThat(demo.exit()).as("exit code; stdout:%n%s%nstderr:%n%s", demo.out(), demo.err()).isZero();
        Map<String, Long> figures = figures(demo.out());
        assertThat(figures).containsEntry("sent", 300L).containsEntry("dead", 6L);
        assertThat(figures.get("delivered") + figures.get("dead")).isEqualTo(300L);
        assertThat(demo.out()).contains("every message is accounted for").contains("/#token=")
                .contains("status msg_");
        assertThat(demo.err()).as("no stack traces").doesNotContain("Exception");
    }

    @Test
    void theDemoUsesTheConfiguredServersWhenThereAreSome(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            Run demo = run(WorkerProcess.jar().toPath(), fixture.env(Map.of()), "demo", "--messages", "100", "--exit",
                    "--port", "0");

            assertThat(demo.exit()).as("stdout:%n%s%nstderr:%n%s", demo.out(), demo.err()).isZero();
            assertThat(figures(demo.out())).containsEntry("sent", 100L).containsEntry("dead", 2L)
                    .containsEntry("delivered", 98L);
            assertThat(demo.out()).contains(servers.redisUrl());
        }
    }

    @Test
    void theProductionJarWithoutServersPointsAtTheDemoJar() throws Exception {
        Run demo = run(WorkerProcess.jar().toPath(), Map.of(), "demo", "--exit");

        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err()).contains("hookshot-demo.jar").contains("HOOKSHOT_REDIS_URL");
    }

    @Test
    void devRunsTheStackForAnApplicationToPublishInto() throws Exception {
        Process dev = command(DEMO_JAR, Map.of(), "dev", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (TestReceiver receiver = TestReceiver.alwaysOk();
             BufferedReader out = new BufferedReader(new InputStreamReader(dev.getInputStream(),
                     StandardCharsets.UTF_8))) {
            String redisUrl = awaitLine(out, "HOOKSHOT_REDIS_URL=").substring("HOOKSHOT_REDIS_URL=".length()).strip();
            try (HookshotProducer producer = HookshotProducer.create(ProducerConfig.defaults(redisUrl))) {
                String id = producer.send(Message.builder(receiver.url("/from-my-app")).payload("{}").build()).value();
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().contains(id));
            }
            dev.destroy();
            assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("dev stops on SIGTERM").isTrue();
        } finally {
            dev.destroyForcibly();
        }
    }

    private static String awaitLine(BufferedReader out, String prefix) throws IOException {
        for (int i = 0; i < 100; i++) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            if (line.strip().startsWith(prefix)) {
                return line.strip();
            }
        }
        throw new AssertionError("dev printed no line starting with " + prefix);
    }
}
