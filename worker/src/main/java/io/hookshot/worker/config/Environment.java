package io.hookshot.worker.config;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables every command reads its settings from: the process environment over a {@code .env} file in the
 * working directory, when there is one (environment variables win).
 */
public final class Environment {
    private Environment() {}

    public static Map<String, String> load() {
        return load(Path.of("").toAbsolutePath(), System.getenv());
    }

    static Map<String, String> load(Path directory, Map<String, String> processEnv) {
        Map<String, String> merged = new HashMap<>();
        if (Files.isRegularFile(directory.resolve(".env"))) {
            Dotenv dotenv = Dotenv.configure()
                    .directory(directory.toString())
                    .ignoreIfMissing()
                    .load();
            for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
                merged.put(entry.getKey(), entry.getValue());
            }
        }
        merged.putAll(processEnv);
        return merged;
    }
}
