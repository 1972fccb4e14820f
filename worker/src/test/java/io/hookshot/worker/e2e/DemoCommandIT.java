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
import java.time.Duration;
import java.util.Map;
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
    private static final Pattern FIGURE = Pattern.compile("(?m)^(sent|delivered|dead)\\s+(\\d+)");

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
        JarCommand.Result demo = JarCommand.run(JarCommand.DEMO_JAR, Map.of(), "demo", "--messages", "300", "--exit",
                "--port", "0");

        assertThat(demo.exit()).as("exit code; stdout:%n%s%nstderr:%n%s", demo.out(), demo.err()).isZero();
        Map<String, Long> figures = figures(demo.out());
        assertThat(figures).containsEntry("sent", 300L).containsEntry("dead", 6L);
        assertThat(figures.get("delivered") + figures.get("dead")).isEqualTo(300L);
        assertThat(demo.out()).contains("every message is accounted for").contains("/#token=")
                .contains("status msg_");
        assertThat(demo.err()).as("no stack traces").doesNotContain("Exception");
        assertThat(demo.err()).as("no line per delivery burying the progress display").doesNotContain("delivered msg_");
    }

    @Test
    void theDemoUsesTheConfiguredServersWhenThereAreSome(TestServers servers) throws Exception {
        try (WorkerFixture fixture = new WorkerFixture(servers)) {
            JarCommand.Result demo = JarCommand.run(JarCommand.HOOKSHOT_JAR, fixture.env(Map.of()), "demo",
                    "--messages", "100", "--exit", "--port", "0");

            assertThat(demo.exit()).as("stdout:%n%s%nstderr:%n%s", demo.out(), demo.err()).isZero();
            assertThat(figures(demo.out())).containsEntry("sent", 100L).containsEntry("dead", 2L)
                    .containsEntry("delivered", 98L);
            assertThat(demo.out()).contains(servers.redisUrl());
        }
    }

    @Test
    void theProductionJarWithoutServersPointsAtTheDemoJar() throws Exception {
        JarCommand.Result demo = JarCommand.run(JarCommand.HOOKSHOT_JAR, Map.of(), "demo", "--exit");

        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err()).contains("hookshot-demo.jar").contains("HOOKSHOT_REDIS_URL");
    }

    @Test
    void devRunsTheStackForAnApplicationToPublishInto() throws Exception {
        Process dev = JarCommand.builder(JarCommand.DEMO_JAR, Map.of(), "dev", "--port", "0")
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
