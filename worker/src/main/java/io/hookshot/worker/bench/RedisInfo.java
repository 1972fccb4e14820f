package io.hookshot.worker.bench;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a Redis server's {@code INFO} says it has spent so far: CPU seconds ({@code used_cpu_user + used_cpu_sys}, all
 * its threads) and, per command, calls and microseconds ({@code cmdstat_<command>:calls=N,usec=N,...}). Read from
 * INFO's fields ({@code field -> value}, sections {@code cpu} and {@code commandstats}), summed over a cluster's
 * masters, and subtracted to give one scenario's share. Pure and immutable.
 *
 * <p>A command a script runs is counted by itself too: an {@code EVALSHA} whose script calls {@code HSET} counts one
 * {@code evalsha} and one {@code hset} call, and the {@code hset}'s microseconds are inside the {@code evalsha}'s.
 *
 * @param cpuSeconds CPU time of the server process, user and system
 * @param commands   calls and microseconds by command name ({@code evalsha}, {@code client|list}), sorted by name
 */
record RedisInfo(double cpuSeconds, Map<String, Calls> commands) {
    static final String CPU_USER = "used_cpu_user";
    static final String CPU_SYSTEM = "used_cpu_sys";
    static final String COMMAND_PREFIX = "cmdstat_";

    /** One command's count and the time Redis spent in it. */
    record Calls(long calls, long micros) {
        Calls plus(Calls other) {
            return new Calls(calls + other.calls, micros + other.micros);
        }

        Calls minus(Calls other) {
            return new Calls(calls - other.calls, micros - other.micros);
        }
    }

    RedisInfo {
        commands = Map.copyOf(new TreeMap<>(commands));
    }

    /**
     * Reads INFO's fields; empty when the CPU fields are missing or not numbers (an INFO cut down by a managed
     * service). A {@code cmdstat_} field without {@code calls} and {@code usec} numbers is left out.
     */
    static Optional<RedisInfo> fromFields(Map<String, String> fields) {
        Optional<Double> user = number(fields.get(CPU_USER));
        Optional<Double> system = number(fields.get(CPU_SYSTEM));
        if (user.isEmpty() || system.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Calls> commands = new TreeMap<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(COMMAND_PREFIX)) {
                calls(value).ifPresent(c -> commands.put(field.substring(COMMAND_PREFIX.length()), c));
            }
        });
        return Optional.of(new RedisInfo(user.get() + system.get(), commands));
    }

    /** {@code calls=2,usec=26,usec_per_call=13.00,rejected_calls=0,failed_calls=0}: calls and usec. */
    private static Optional<Calls> calls(String value) {
        Long calls = null;
        Long micros = null;
        for (String pair : value.split(",")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals).strip();
            Optional<Long> number = equals < 0 ? Optional.empty() : whole(pair.substring(equals + 1));
            if (name.equals("calls")) {
                calls = number.orElse(null);
            } else if (name.equals("usec")) {
                micros = number.orElse(null);
            }
        }
        return calls == null || micros == null ? Optional.empty() : Optional.of(new Calls(calls, micros));
    }

    /** Both servers' figures added up (the masters of a cluster). */
    RedisInfo plus(RedisInfo other) {
        Map<String, Calls> sum = new TreeMap<>(commands);
        other.commands.forEach((name, calls) -> sum.merge(name, calls, Calls::plus));
        return new RedisInfo(cpuSeconds + other.cpuSeconds, sum);
    }

    /** What was spent since {@code earlier}; commands not called in between are left out. */
    RedisInfo since(RedisInfo earlier) {
        Map<String, Calls> delta = new TreeMap<>();
        commands.forEach((name, now) -> {
            Calls spent = now.minus(earlier.commands.getOrDefault(name, new Calls(0, 0)));
            if (spent.calls() > 0) {
                delta.put(name, spent);
            }
        });
        return new RedisInfo(cpuSeconds - earlier.cpuSeconds, delta);
    }

    long totalCalls() {
        return commands.values().stream().mapToLong(Calls::calls).sum();
    }

    long totalMicros() {
        return commands.values().stream().mapToLong(Calls::micros).sum();
    }

    private static Optional<Double> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> whole(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
