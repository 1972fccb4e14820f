package io.hookshot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command of a built jar in a JVM of its own, as a user would: the environment is this one's without any
 * {@code HOOKSHOT_} variable, plus the given ones (jar paths are relative to the module whose test runs it). Both
 * output streams are read while it runs, so a chatty command never blocks on a full pipe.
 */
public final class JarCommand {
    public static final Path HOOKSHOT_JAR = Path.of("target", "hookshot.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** What a finished command printed, and its exit code. */
    public record Result(int exit, String out, String err) {
        public JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private JarCommand() {}

    /** {@code java -jar target/hookshot.jar args...}, waited for (at most two minutes). */
    public static Result hookshot(Map<String, String> env, String... args) throws InterruptedException {
        return run(HOOKSHOT_JAR, env, args);
    }

    public static Result run(Path jar, Map<String, String> env, String... args) throws InterruptedException {
        Process process;
        try {
            process = builder(jar, env, args).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> text(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(jar.getFileName() + " " + String.join(" ", args) + " did not finish within "
                    + TIMEOUT.toSeconds() + " s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    /** The command, not started: for one that runs until stopped. */
    public static ProcessBuilder builder(Path jar, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("HOOKSHOT_"));
        builder.environment().putAll(env);
        return builder;
    }

    private static String text(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
