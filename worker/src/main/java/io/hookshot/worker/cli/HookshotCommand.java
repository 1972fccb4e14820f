package io.hookshot.worker.cli;

import io.hookshot.worker.config.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar hookshot.jar <command>}: the worker, and the tools that use the same configuration. */
@Command(name = "hookshot", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = HookshotCommand.Version.class,
        description = "Reliable webhook delivery: Redis queue, HTTP worker, Postgres history.",
        subcommands = {WorkerCommand.class, ServerCommand.class, SendCommand.class, StatusCommand.class,
            MigrateCommand.class, CheckCommand.class, DlqCommand.class, MessagesCommand.class, StatsCommand.class,
            BenchCommand.class, DemoCommand.class, DevCommand.class})
public final class HookshotCommand {
    /** Exit code for a bad setting or argument. */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HookshotCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("hookshot: " + e.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HookshotCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hookshot " + (version == null ? "dev" : version)};
        }
    }
}
