package io.hookshot.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.JarCommand;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.bench.BenchReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's second command: {@code demo} starts the whole stack (embedded servers, or the configured ones), and
 * its summary adds up; {@code dev} runs the stack for an application to publish into.
 */
@ExtendWith(RealServers.class)
class DemoCommandIT {
    private static final Path DEMO_JAR = Path.of("target", "hookshot-demo.jar");
    private static final Pattern FIGURE = Pattern.compile("(?m)^(sent|delivered|dead)\\s+(\\d+)");
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** A worker with nothing in flight stops in well under a second; the embedded servers after it, as fast. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(5);

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
        JarCommand.Result demo =
                JarCommand.run(DEMO_JAR, Map.of(), "demo", "--messages", "300", "--exit", "--port", "0");

        assertThat(demo.exit())
                .as("exit code; stdout:%n%s%nstderr:%n%s", demo.out(), demo.err())
                .isZero();
        Map<String, Long> figures = figures(demo.out());
        assertThat(figures).containsEntry("sent", 300L).containsEntry("dead", 6L);
        assertThat(figures.get("delivered") + figures.get("dead")).isEqualTo(300L);
        assertThat(demo.out())
                .contains("every message is accounted for")
                .contains("/#token=")
                .contains("status msg_");
        assertThat(demo.err()).as("no stack traces").doesNotContain("Exception");
        assertThat(demo.err())
                .as("no line per delivery burying the progress display")
                .doesNotContain("delivered msg_");
    }

    @Test
    void theDemoUsesTheConfiguredServersWhenThereAreSome(TestServers servers) throws Exception {
        TestDatabase database = servers.database();
        Map<String, String> env = Map.of(
                "HOOKSHOT_REDIS_URL",
                servers.redisUrl(),
                "HOOKSHOT_DATABASE_URL",
                database.jdbcUrl(),
                "HOOKSHOT_DATABASE_USER",
                database.user(),
                "HOOKSHOT_DATABASE_PASSWORD",
                database.password());

        JarCommand.Result demo = JarCommand.run(DEMO_JAR, env, "demo", "--messages", "100", "--exit", "--port", "0");

        assertThat(demo.exit())
                .as("stdout:%n%s%nstderr:%n%s", demo.out(), demo.err())
                .isZero();
        assertThat(figures(demo.out()))
                .containsEntry("sent", 100L)
                .containsEntry("dead", 2L)
                .containsEntry("delivered", 98L);
        assertThat(demo.out()).contains(servers.redisUrl());
    }

    @Test
    void theDemoNeedsBothServersOrNeither(TestServers servers) throws Exception {
        JarCommand.Result demo =
                JarCommand.run(DEMO_JAR, Map.of("HOOKSHOT_REDIS_URL", servers.redisUrl()), "demo", "--exit");

        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err()).contains("HOOKSHOT_DATABASE_URL is not set");
    }

    /**
     * Ctrl-C in a terminal sends SIGINT to the whole foreground process group: the JVM and every child it started in
     * that group. The stack must still stop in the reverse order of its start, the worker before the servers it
     * needs, without a warning, and soon.
     */
    @Test
    void devRunsTheStackForAnApplicationToPublishIntoAndCtrlCStopsItInOrder() throws Exception {
        assumeTrue(Files.isExecutable(SETSID), "needs " + SETSID + " to run dev in a process group of its own");
        Path log = Path.of("target", "dev-ctrl-c.log");
        ProcessBuilder builder =
                JarCommand.builder(DEMO_JAR, Map.of(), "dev", "--port", "0").redirectError(log.toFile());
        builder.command().addFirst(SETSID.toString()); // as a shell does: the JVM leads a process group of its own
        Process dev = builder.start();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        BenchReceiver.Answers alwaysOk = (path, id) -> {
            delivered.add(id);
            return 200;
        };
        try (BenchReceiver receiver = BenchReceiver.answering(alwaysOk);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8))) {
            String redisUrl = awaitLine(out, "HOOKSHOT_REDIS_URL=")
                    .substring("HOOKSHOT_REDIS_URL=".length())
                    .strip();
            try (HookshotProducer producer = HookshotProducer.create(ProducerConfig.defaults(redisUrl))) {
                String id = producer.send(
                                Message.builder(receiver.url("/from-my-app").toString())
                                        .payload("{}")
                                        .build())
                        .value();
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered.contains(id));
            }
            int linesBefore = Files.readAllLines(log).size();

            long start = System.nanoTime();
            ctrlC(dev);
            assertThat(dev.waitFor(60, TimeUnit.SECONDS))
                    .as("dev stops on Ctrl-C")
                    .isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            List<String> stopping = Files.readAllLines(log);
            stopping = stopping.subList(Math.min(linesBefore, stopping.size()), stopping.size());
            assertThat(stopping)
                    .as("what dev logged while stopping")
                    .noneMatch(
                            line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception"));
            assertThat(took)
                    .as("time to stop; logged meanwhile:%n%s", String.join("\n", stopping))
                    .isLessThan(STOP_WITHIN);
        } finally {
            dev.descendants().forEach(ProcessHandle::destroyForcibly); // redis-server, when dev did not stop it
            dev.destroyForcibly();
        }
    }

    /** SIGINT to the process group {@code process} leads, as Ctrl-C in a terminal (Java sends no SIGINT itself). */
    private static void ctrlC(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid())
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill -INT -%d", process.pid())
                .isTrue();
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
