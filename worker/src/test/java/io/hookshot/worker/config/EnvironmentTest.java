package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
    @Test
    void dotEnvFileFillsInWhatTheEnvironmentDoesNotSet(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".env"), """
                # comment
                HOOKSHOT_QUEUE=from-file
                HOOKSHOT_CONCURRENCY=8
                """);

        Map<String, String> env = Environment.load(dir, Map.of("HOOKSHOT_CONCURRENCY", "99"));

        assertThat(env).containsEntry("HOOKSHOT_QUEUE", "from-file").containsEntry("HOOKSHOT_CONCURRENCY", "99");
    }

    @Test
    void noDotEnvFileMeansJustTheEnvironment(@TempDir Path dir) {
        assertThat(Environment.load(dir, Map.of("A", "1"))).isEqualTo(Map.of("A", "1"));
    }
}
