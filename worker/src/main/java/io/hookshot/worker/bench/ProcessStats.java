package io.hookshot.worker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time, peak resident memory and command name of a Linux process, read from {@code /proc}: {@code stat} (utime +
 * stime, in clock ticks of 1/100 s), {@code status} ({@code VmHWM}, reset by writing 5 to {@code clear_refs}) and
 * {@code comm}. Where {@code /proc} is missing or unreadable the figures are -1 and the name is empty. Stateless.
 */
final class ProcessStats {
    private static final long TICKS_PER_SECOND = 100;
    private static final int UTIME_FIELD = 13;
    private static final int STIME_FIELD = 14;

    private ProcessStats() {}

    /** CPU time (user + system) the process used so far, in milliseconds; -1 when unknown. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[UTIME_FIELD - 2]) + Long.parseLong(fields[STIME_FIELD - 2]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The process's command name ({@code comm}: the executable's, at most 15 characters); empty when unknown. */
    static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                    .strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Peak resident set size since start or the last {@link #resetPeak}, in MiB; -1 when unknown. */
    static long peakRssMiB(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Starts a new peak RSS measurement; false where the kernel does not allow it (the peak counts from start). */
    static boolean resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
