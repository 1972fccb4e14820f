package io.hookshot.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every setting appears alike in the code, the README's configuration table and deploy/hookshot.env.example. */
class ConfigDocumentationTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void readmeTableListsEveryVariableWithItsDefaultAndMeaning() throws IOException {
        List<ConfigVariable> documented = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            if (line.startsWith("| `HOOKSHOT_")) {
                String[] cells = line.split("\\|");
                documented.add(new ConfigVariable(unquoted(cells[1]), unquoted(cells[2]), cells[3].strip()));
            }
        }
        assertThat(documented).containsExactlyElementsOf(ConfigVariables.ALL);
    }

    private static String unquoted(String cell) {
        return cell.strip().replace("`", "");
    }

    @Test
    void exampleEnvFileListsEveryVariableWithItsDefaultAndMeaning() throws IOException {
        List<ConfigVariable> listed = new ArrayList<>();
        String comment = null;
        for (String line : Files.readAllLines(ROOT.resolve("deploy/hookshot.env.example"))) {
            if (line.startsWith("# ")) {
                comment = line.substring(2);
            } else if (line.startsWith("HOOKSHOT_")) {
                int eq = line.indexOf('=');
                listed.add(new ConfigVariable(line.substring(0, eq), line.substring(eq + 1), comment));
            }
        }
        assertThat(listed).containsExactlyElementsOf(ConfigVariables.ALL);
    }

    @Test
    void everyDocumentedDefaultIsWhatTheCodeUses() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        for (ConfigVariable v : ConfigVariables.ALL) {
            env.put(v.name(), v.defaultValue());
        }
        env.put(WorkerConfig.REDIS_URL, "redis://127.0.0.1:6379");
        env.put(WorkerConfig.DATABASE_URL, "jdbc:postgresql://127.0.0.1:5432/x");
        env.put(WorkerConfig.WORKER_ID, "w");

        WorkerConfig fromDocumented = WorkerConfig.fromEnvironment(env);
        WorkerConfig fromDefaults = WorkerConfig.fromEnvironment(java.util.Map.of(
                WorkerConfig.REDIS_URL,
                "redis://127.0.0.1:6379",
                WorkerConfig.DATABASE_URL,
                "jdbc:postgresql://127.0.0.1:5432/x",
                WorkerConfig.WORKER_ID,
                "w"));

        assertThat(fromDocumented).isEqualTo(fromDefaults);
    }
}
