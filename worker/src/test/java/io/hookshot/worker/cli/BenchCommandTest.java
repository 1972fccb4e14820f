package io.hookshot.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.worker.bench.BenchOptions;
import io.hookshot.worker.bench.Scenario;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench}'s options as the command line reads and checks them. */
class BenchCommandTest {
    /** Above any Linux {@code pid_max} (at most 2^22), so no process has it. */
    private static final long NO_SUCH_PID = Integer.MAX_VALUE;

    private static final String TARGET = "http://127.0.0.1:9/hook";

    @Test
    void receiverPidOfARunningProcessIsTaken() {
        long pid = ProcessHandle.current().pid();

        BenchOptions options = options("--target", TARGET, "--receiver-pid", Long.toString(pid));

        assertThat(options.receiverPid()).contains(pid);
    }

    @Test
    void receiverPidOfNoProcessIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> options("--target", TARGET, "--receiver-pid", Long.toString(NO_SUCH_PID)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--receiver-pid " + NO_SUCH_PID + ": no such process on this machine");
    }

    @Test
    void receiverPidWithoutTargetIsRefusedNamingBothOptions() {
        long pid = ProcessHandle.current().pid();

        assertThatThrownBy(() -> options("--receiver-pid", Long.toString(pid)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--receiver-pid needs --target");
    }

    @Test
    void withoutReceiverPidThereIsNone() {
        assertThat(options("--target", TARGET).receiverPid()).isEqualTo(Optional.empty());
    }

    @Test
    void outageAndRateLimitAreRead() {
        BenchOptions options = options("--scenario", "outage,ratelimit", "--outage", "90s", "--rate-limit", "20");

        assertThat(options.scenarios()).containsExactly(Scenario.OUTAGE, Scenario.RATELIMIT);
        assertThat(options.outage()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.rateLimit()).isEqualTo(20);
        assertThat(options("--scenario", "ratelimit").rateLimit()).isEqualTo(BenchOptions.DEFAULT_RATE_LIMIT);
    }

    @Test
    void allWithATargetIsEveryScenarioButThoseThatNeedTheLocalReceiver() {
        assertThat(options().scenarios()).containsExactly(Scenario.values());
        assertThat(options("--target", TARGET).scenarios())
                .containsExactly(Scenario.BURST, Scenario.FAILING, Scenario.PACED, Scenario.DELAYED, Scenario.FANOUT);
        assertThatThrownBy(() -> options("--target", TARGET, "--scenario", "burst,outage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--target cannot run the outage scenario");
    }

    @Test
    void aBadOutageOrRateLimitIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> options("--outage", "0s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--outage must be 1s to 1h, got 0");
        assertThatThrownBy(() -> options("--rate-limit", "-5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rate-limit must be 1 to 100000, got -5");
        assertThatThrownBy(() -> options("--outage", "a minute"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--outage");
    }

    private static BenchOptions options(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }
}
