package io.hookshot.worker.bench;

import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.run.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The workers of one scenario: one {@link Worker} in the bench's JVM, or {@code N} child processes running
 * {@code java -jar <this jar> worker} with the scenario's environment (their output goes to a log file each). Child
 * processes are always stopped by {@link #close()}: SIGTERM, a bounded wait, then SIGKILL; also by a shutdown hook
 * if the bench itself is stopped. Not thread-safe.
 */
final class BenchWorkers implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String STARTED_MARK = " started: queue=";

    private final Worker inProcess;
    private final List<Process> children;
    private final Thread killer;

    private BenchWorkers(Worker inProcess, List<Process> children) {
        this.inProcess = inProcess;
        this.children = children;
        this.killer = new Thread(() -> children.forEach(Process::destroyForcibly), "hookshot-bench-killer");
        if (!children.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(killer);
        }
    }

    /** One worker in this JVM. */
    static BenchWorkers inProcess(Map<String, String> env) {
        return new BenchWorkers(Worker.start(WorkerConfig.fromEnvironment(env)), List.of());
    }

    /** {@code count} worker processes; returns once each has logged that it started. */
    static BenchWorkers processes(int count, Map<String, String> env, List<String> jvmOptions, Path logDirectory) {
        Path jar = thisJar();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        BenchWorkers workers = new BenchWorkers(null, started);
        try {
            for (int i = 0; i < count; i++) {
                Path log = logDirectory.resolve("worker-" + (i + 1) + ".log");
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(jvmOptions);
                command.addAll(List.of("-jar", jar.toString(), "worker"));
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(env);
                builder.environment().put(WorkerConfig.WORKER_ID, "bench-worker-" + (i + 1));
                started.add(builder.start());
                logs.add(log);
            }
            for (int i = 0; i < count; i++) {
                awaitStarted(started.get(i), logs.get(i));
            }
            return workers;
        } catch (IOException | RuntimeException e) {
            workers.close();
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot start worker processes", io)
                    : (RuntimeException) e;
        }
    }

    private static void awaitStarted(Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(STARTED_MARK)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "a worker process exited at start (code " + process.exitValue() + "); see " + log);
            }
            pause();
        }
        throw new IllegalStateException("a worker process did not start within " + START_TIMEOUT + "; see " + log);
    }

    private static void pause() {
        try {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker process", e);
        }
    }

    private static Path thisJar() {
        try {
            Path location = Path.of(BenchWorkers.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
                throw new IllegalArgumentException("--workers above 1 and --processes start 'java -jar hookshot.jar"
                        + " worker' processes, so run the bench from hookshot.jar (running from " + location + ")");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the running jar", e);
        }
    }

    List<Long> pids() {
        return inProcess != null
                ? List.of(ProcessHandle.current().pid())
                : children.stream().map(Process::pid).toList();
    }

    boolean inThisProcess() {
        return inProcess != null;
    }

    /** CPU time all worker processes used so far (the whole bench JVM for an in-process worker), in ms. */
    long cpuMillis() {
        long sum = 0;
        for (long pid : pids()) {
            sum += Math.max(0, ProcessStats.cpuMillis(pid));
        }
        return sum;
    }

    /** The largest peak RSS of the worker processes, in MiB. */
    long peakRssMiB() {
        long max = -1;
        for (long pid : pids()) {
            max = Math.max(max, ProcessStats.peakRssMiB(pid));
        }
        return max;
    }

    void resetPeak() {
        pids().forEach(ProcessStats::resetPeak);
    }

    @Override
    public void close() {
        if (inProcess != null) {
            inProcess.close();
            return;
        }
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Process child : children) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!child.waitFor(left, TimeUnit.NANOSECONDS)) {
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Shutting down already, or the hook was never added: the killer runs or is not needed.
            children.forEach(Process::destroyForcibly);
        }
    }
}
