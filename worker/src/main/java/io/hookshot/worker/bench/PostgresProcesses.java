package io.hookshot.worker.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of the PostgreSQL server processes this machine's {@code /proc} shows: every process whose
 * {@code comm} is {@code postgres} (the postmaster, its background processes and one backend per connection), so
 * only a server on this machine, and every client's work on it, not the bench's alone. Stateless.
 */
final class PostgresProcesses {
    static final String COMMAND = "postgres";
    private static final Path PROC = Path.of("/proc");

    private PostgresProcesses() {}

    /** CPU milliseconds so far by pid; empty when none is visible (or there is no {@code /proc}). */
    static Map<Long, Long> cpuMillis() {
        Map<Long, Long> byPid = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (COMMAND.equals(ProcessStats.command(pid))) {
                    long millis = ProcessStats.cpuMillis(pid);
                    if (millis >= 0) {
                        byPid.put(pid, millis);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byPid;
    }

    /**
     * CPU milliseconds spent between two readings: for each process in {@code after}, its time less its time in
     * {@code before} (all of it for a process started in between; one that ended in between is lost); -1 when no
     * process was visible at the end.
     */
    static long cpuMillisBetween(Map<Long, Long> before, Map<Long, Long> after) {
        if (after.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (Map.Entry<Long, Long> process : after.entrySet()) {
            sum += Math.max(0, process.getValue() - before.getOrDefault(process.getKey(), 0L));
        }
        return sum;
    }
}
