package io.hookshot.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.worker.bench.BenchOptions;
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

    private static BenchOptions options(String... args) {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }
}
