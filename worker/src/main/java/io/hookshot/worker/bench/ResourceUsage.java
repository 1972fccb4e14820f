package io.hookshot.worker.bench;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a scenario cost outside the workers, between two {@link ResourceProbe.Sample}s (start and end of the
 * scenario, the same window as {@code workerCpuSeconds}). Every figure is -1 when it could not be read. Redis and
 * PostgreSQL figures are the whole server's: other clients' work in the window counts too. Immutable.
 *
 * @param benchCpuSeconds       CPU time of the bench JVM (producer, and the local receiver unless {@code --target};
 *                              with the worker in the bench's JVM, the worker too)
 * @param receiverCpuSeconds    CPU time of the external receiver named by {@code --receiver-pid}; -1 without it
 * @param redisCpuSeconds       the Redis server's CPU time ({@code used_cpu_user + used_cpu_sys}), summed over the
 *                              masters of a Redis Cluster
 * @param redisCallsPerMessage  Redis command calls per message ({@code INFO commandstats}; a script's own calls are
 *                              counted too, beside the script's call)
 * @param redisMicrosPerMessage microseconds Redis spent in commands per message, summed over the commands (the time of
 *                              a script's own calls is inside the script's too, so this counts it twice)
 * @param redisCommands         the same two figures for the {@value #COMMANDS_SHOWN} commands that took most time,
 *                              most first (the two figures above count every command)
 * @param postgresCpuSeconds    CPU time of the processes named {@code postgres} that {@code /proc} shows; -1 when none
 */
record ResourceUsage(
        double benchCpuSeconds,
        double receiverCpuSeconds,
        double redisCpuSeconds,
        double redisCallsPerMessage,
        double redisMicrosPerMessage,
        Map<String, CommandCost> redisCommands,
        double postgresCpuSeconds) {
    /** How many commands {@link #redisCommands} shows. */
    static final int COMMANDS_SHOWN = 10;

    private static final double MILLIS_PER_SECOND = 1000.0;

    /** One Redis command's calls and microseconds per message (three decimals). */
    record CommandCost(double callsPerMessage, double microsPerMessage) {}

    ResourceUsage {
        redisCommands = Collections.unmodifiableMap(new LinkedHashMap<>(redisCommands));
    }

    static ResourceUsage between(ResourceProbe.Sample before, ResourceProbe.Sample after, long messages) {
        double perMessage = Math.max(1, messages);
        double redisCpu = -1;
        double calls = -1;
        double micros = -1;
        Map<String, CommandCost> commands = new LinkedHashMap<>();
        if (before.redis().isPresent() && after.redis().isPresent()) {
            RedisInfo spent = after.redis().get().since(before.redis().get());
            redisCpu = thousandths(spent.cpuSeconds());
            calls = thousandths(spent.totalCalls() / perMessage);
            micros = thousandths(spent.totalMicros() / perMessage);
            spent.commands().entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, RedisInfo.Calls> e) ->
                                    e.getValue().micros())
                            .reversed())
                    .limit(COMMANDS_SHOWN)
                    .forEach(e -> commands.put(
                            e.getKey(),
                            new CommandCost(
                                    thousandths(e.getValue().calls() / perMessage),
                                    thousandths(e.getValue().micros() / perMessage))));
        }
        long postgres = PostgresProcesses.cpuMillisBetween(before.postgresCpuMillis(), after.postgresCpuMillis());
        return new ResourceUsage(
                seconds(before.benchCpuMillis(), after.benchCpuMillis()),
                seconds(before.receiverCpuMillis(), after.receiverCpuMillis()),
                redisCpu,
                calls,
                micros,
                commands,
                postgres < 0 ? -1 : postgres / MILLIS_PER_SECOND);
    }

    private static double seconds(long beforeMillis, long afterMillis) {
        return beforeMillis < 0 || afterMillis < 0 ? -1 : (afterMillis - beforeMillis) / MILLIS_PER_SECOND;
    }

    private static double thousandths(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
