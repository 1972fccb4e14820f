package io.hookshot.worker.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A worker in its own JVM, from the built jar ({@code target/hookshot.jar}, made in the package phase before the
 * integration tests run), so tests can kill it with real signals. Its output goes to {@code target/<name>.log}.
 */
final class WorkerProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "hookshot.jar");

    private final Process process;
    final Path log;

    WorkerProcess(String name, Map<String, String> env) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests with 'mvn verify'");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        log = Path.of("target", name + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString(), "worker")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HOOKSHOT_HTTP_PORT", "0"); // several workers on one host
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the worker logs that it has started delivering. */
    void awaitStarted(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .failFast("worker exited; see " + log, () -> !process.isAlive())
                .until(() -> output().contains(" started: queue="));
    }

    /** SIGSTOP: the process freezes where it is, holding its connections and leases, until {@link #resume()}. */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        signal("CONT");
    }

    /** Resident memory of the process (VmRSS), in KiB. */
    long residentKib() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many lines of the log contain {@code text}. */
    long logLinesWith(String text) {
        return output().lines().filter(line -> line.contains(text)).count();
    }

    /** Java has no API for SIGSTOP and SIGCONT, so this runs kill(1). */
    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is given back. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the process to exit; returns its exit code. */
    int terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("worker did not exit within " + atMost + " of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static File jar() {
        return JAR.toFile();
    }
}
