package io.hookshot.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RedisInfo} read from sample INFO texts of several Redis versions, as Redisson hands them over. */
class RedisInfoTest {
    private static final String REDIS_7 = """
            # CPU\r
            used_cpu_sys:6.022673\r
            used_cpu_user:13.662771\r
            used_cpu_sys_children:0.000000\r
            used_cpu_user_children:0.000000\r
            used_cpu_sys_main_thread:5.341179\r
            used_cpu_user_main_thread:13.712231\r
            \r
            # Commandstats\r
            cmdstat_evalsha:calls=225061,usec=11131111,usec_per_call=49.46,rejected_calls=0,failed_calls=41\r
            cmdstat_client|list:calls=3,usec=120,usec_per_call=40.00,rejected_calls=0,failed_calls=0\r
            cmdstat_xadd:calls=10,usec=50,usec_per_call=5.00,rejected_calls=2,failed_calls=0\r
            """;
    private static final String REDIS_5 = """
            # CPU
            used_cpu_sys:1.50
            used_cpu_user:2.25
            used_cpu_sys_children:0.00
            used_cpu_user_children:0.00

            # Commandstats
            cmdstat_get:calls=21,usec=175,usec_per_call=8.33
            """;
    private static final String NO_CPU_SECTION = """
            # Commandstats
            cmdstat_get:calls=21,usec=175,usec_per_call=8.33
            """;
    private static final String CPU_NOT_A_NUMBER = """
            used_cpu_sys:n/a
            used_cpu_user:2.25
            """;
    private static final String BROKEN_COMMAND_LINES = """
            used_cpu_sys:1
            used_cpu_user:2
            cmdstat_get:calls=21
            cmdstat_set:usec=5,calls=x
            cmdstat_del:usec=7,calls=3
            """;

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(
                        "Redis 7, CRLF, subcommands, rejected_calls",
                        REDIS_7,
                        Optional.of(new RedisInfo(
                                6.022673 + 13.662771,
                                Map.of(
                                        "evalsha", new RedisInfo.Calls(225061, 11131111),
                                        "client|list", new RedisInfo.Calls(3, 120),
                                        "xadd", new RedisInfo.Calls(10, 50))))),
                Arguments.of(
                        "Redis 5, no rejected_calls",
                        REDIS_5,
                        Optional.of(new RedisInfo(3.75, Map.of("get", new RedisInfo.Calls(21, 175))))),
                Arguments.of("no CPU section", NO_CPU_SECTION, Optional.empty()),
                Arguments.of("CPU not a number", CPU_NOT_A_NUMBER, Optional.empty()),
                Arguments.of(
                        "commands without calls or usec numbers left out, any order",
                        BROKEN_COMMAND_LINES,
                        Optional.of(new RedisInfo(3, Map.of("del", new RedisInfo.Calls(3, 7))))),
                Arguments.of("empty", "", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsCpuAndCommandStats(String name, String info, Optional<RedisInfo> expected) {
        assertThat(RedisInfo.fromFields(fields(info))).isEqualTo(expected);
    }

    @Test
    void sinceKeepsOnlyCommandsCalledInBetweenAndPlusAddsServersUp() {
        RedisInfo before =
                new RedisInfo(10, Map.of("evalsha", new RedisInfo.Calls(100, 5000), "get", new RedisInfo.Calls(7, 70)));
        RedisInfo after = new RedisInfo(
                12.5,
                Map.of(
                        "evalsha",
                        new RedisInfo.Calls(150, 7500),
                        "get",
                        new RedisInfo.Calls(7, 70),
                        "xadd",
                        new RedisInfo.Calls(50, 250)));

        RedisInfo spent = after.since(before);

        assertThat(spent)
                .isEqualTo(new RedisInfo(
                        2.5, Map.of("evalsha", new RedisInfo.Calls(50, 2500), "xadd", new RedisInfo.Calls(50, 250))));
        assertThat(spent.totalCalls()).isEqualTo(100);
        assertThat(spent.totalMicros()).isEqualTo(2750);
        assertThat(spent.plus(spent))
                .isEqualTo(new RedisInfo(
                        5, Map.of("evalsha", new RedisInfo.Calls(100, 5000), "xadd", new RedisInfo.Calls(100, 500))));
    }

    /** INFO's text as Redisson's {@code info(section)} returns it: each line split at ':' when in two parts. */
    private static Map<String, String> fields(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r\n|\n")) {
            String[] parts = line.split(":");
            if (parts.length == 2) {
                fields.put(parts[0], parts[1]);
            }
        }
        return fields;
    }
}
