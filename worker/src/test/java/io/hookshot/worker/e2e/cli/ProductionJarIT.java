package io.hookshot.worker.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.JarCommand;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * {@code hookshot.jar} is the production jar: no embedded servers (their classes or binaries), no test libraries,
 * no demo; those are in {@code hookshot-demo.jar}, built by the demo module.
 */
class ProductionJarIT {
    @Test
    void holdsNoEmbeddedServersTestLibrariesOrDemo() throws IOException {
        List<String> entries;
        try (ZipFile jar = new ZipFile(JarCommand.HOOKSHOT_JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }

        assertThat(entries).as("the worker's classes").contains("io/hookshot/worker/cli/HookshotCommand.class");
        assertThat(entries)
                .as("the OpenTelemetry API, which is a no-op without the agent")
                .contains("io/opentelemetry/api/trace/Span.class");
        assertThat(entries)
                .as("no embedded servers, test libraries, OpenTelemetry SDK or demo")
                .noneMatch(name -> name.startsWith("io/zonky/")
                        || name.startsWith("io/opentelemetry/sdk/")
                        || name.startsWith("redis/embedded/")
                        || name.startsWith("redis-server")
                        || name.startsWith("postgres-")
                        || name.endsWith(".txz")
                        || name.startsWith("org/junit/")
                        || name.startsWith("org/assertj/")
                        || name.startsWith("org/awaitility/")
                        || name.startsWith("io/hookshot/worker/demo/"));
    }

    @Test
    void hasNoDemoCommands() throws InterruptedException {
        JarCommand.Result demo = JarCommand.hookshot(Map.of(), "demo");

        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err()).contains("Unmatched argument");
    }
}
