package io.hookshot.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The figures of a scenario from two {@link ResourceProbe.Sample}s. */
class ResourceUsageTest {

    @Test
    void costsAreTheDifferencesPerMessageWithRedisCommandsMostTimeFirst() {
        ResourceProbe.Sample before = new ResourceProbe.Sample(
                1_000,
                500,
                Optional.of(new RedisInfo(
                        10, Map.of("evalsha", new RedisInfo.Calls(100, 5_000), "xadd", new RedisInfo.Calls(0, 0)))),
                Map.of(11L, 200L, 12L, 300L));
        ResourceProbe.Sample after = new ResourceProbe.Sample(
                3_500,
                1_500,
                Optional.of(new RedisInfo(
                        12,
                        Map.of("evalsha", new RedisInfo.Calls(300, 25_000), "xadd", new RedisInfo.Calls(400, 40_000)))),
                Map.of(11L, 700L, 13L, 250L));

        ResourceUsage usage = ResourceUsage.between(before, after, 200);

        assertThat(usage.benchCpuSeconds()).isEqualTo(2.5);
        assertThat(usage.receiverCpuSeconds()).isEqualTo(1.0);
        assertThat(usage.redisCpuSeconds()).isEqualTo(2.0);
        assertThat(usage.redisCallsPerMessage()).isEqualTo(3.0);
        assertThat(usage.redisMicrosPerMessage()).isEqualTo(300.0);
        assertThat(usage.redisCommands().keySet()).containsExactly("xadd", "evalsha");
        assertThat(usage.redisCommands().get("evalsha")).isEqualTo(new ResourceUsage.CommandCost(1.0, 100.0));
        assertThat(usage.postgresCpuSeconds())
                .as("pid 11: 500 ms; pid 13, new: 250 ms; pid 12 ended: lost")
                .isEqualTo(0.75);
    }

    @Test
    void showsOnlyTheCommandsThatTookMostTimeButCountsThemAll() {
        Map<String, RedisInfo.Calls> commands = new HashMap<>();
        for (int i = 1; i <= ResourceUsage.COMMANDS_SHOWN + 2; i++) {
            commands.put("command" + i, new RedisInfo.Calls(1, i));
        }
        RedisInfo none = new RedisInfo(0, Map.of());
        ResourceProbe.Sample before = new ResourceProbe.Sample(0, -1, Optional.of(none), Map.of());
        ResourceProbe.Sample after = new ResourceProbe.Sample(0, -1, Optional.of(new RedisInfo(0, commands)), Map.of());

        ResourceUsage usage = ResourceUsage.between(before, after, 1);

        assertThat(usage.redisCommands())
                .hasSize(ResourceUsage.COMMANDS_SHOWN)
                .doesNotContainKeys("command1", "command2");
        assertThat(usage.redisCallsPerMessage()).isEqualTo(ResourceUsage.COMMANDS_SHOWN + 2);
    }

    @Test
    void whatCouldNotBeReadIsMinusOne() {
        ResourceProbe.Sample nothing = new ResourceProbe.Sample(-1, -1, Optional.empty(), Map.of());

        ResourceUsage usage = ResourceUsage.between(nothing, nothing, 100);

        assertThat(usage).isEqualTo(new ResourceUsage(-1, -1, -1, -1, -1, Map.of(), -1));
    }
}
