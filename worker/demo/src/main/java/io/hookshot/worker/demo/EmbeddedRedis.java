package io.hookshot.worker.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * The demo's redis-server: the binary embedded-redis carries for this platform, run on a loopback port with nothing
 * kept on disk. Its library's {@code RedisServer} is not used, because it stops the server from a shutdown hook of
 * its own, at the same time as the stack's hook stops the worker that still needs it. And where {@code setsid}
 * exists, the server runs in a session of its own: Ctrl-C in a terminal signals the whole foreground process group,
 * and the server must outlive the worker, which stops first. Not thread-safe; close once.
 */
final class EmbeddedRedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final String READY = "Ready to accept connections";
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final Process process;

    private EmbeddedRedis(Process process) {
        this.process = process;
    }

    /** Starts the server on {@code port} and returns once it accepts connections. */
    static EmbeddedRedis start(int port) throws IOException {
        File binary = ExecutableProvider.newJarResourceProvider().get();
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(List.of(
                binary.getAbsolutePath(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no"));
        Process process = new ProcessBuilder(command)
                .directory(binary.getParentFile())
                .redirectErrorStream(true)
                .start();
        EmbeddedRedis redis = new EmbeddedRedis(process);
        try {
            redis.awaitReady(process.getInputStream());
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** Reads the server's output until it is ready, then drains the rest so that the server never blocks on it. */
    private void awaitReady(InputStream output) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.contains(READY)) {
                Thread.ofPlatform().daemon().name("embedded-redis-output").start(() -> drain(lines));
                return;
            }
            seen.add(line);
        }
        throw new IOException("redis-server exited before it was ready: " + String.join(" / ", seen));
    }

    private static void drain(BufferedReader lines) {
        try (lines) {
            while (lines.readLine() != null) {
                // the server's log: nothing here needs it
            }
        } catch (IOException e) {
            LOG.debug("stopped reading redis-server's output: {}", e.toString());
        }
    }

    /** Stops the server (SIGTERM: it shuts down at once, having nothing to save) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
