package io.hookshot.worker.cli;

import ch.qos.logback.classic.Level;
import io.hookshot.worker.config.InvalidConfigException;
import io.hookshot.worker.run.Worker;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar hookshot.jar <command>}: the worker, and the tools that use the same configuration. The commands
 * that print results ({@code send}, {@code status}, {@code dlq}, ...) and the demo's progress display log only
 * warnings and errors unless given {@code --verbose}; those that run on and report through their logs
 * ({@link LoggingCommand}s) log as {@link io.hookshot.worker.logging.ConsoleLogging} sets up. {@code hookshot-demo.jar}
 * adds its commands to these ({@link #commandLine(Object...)}).
 */
@Command(
        name = "hookshot",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = HookshotCommand.Version.class,
        description = "Reliable webhook delivery: Redis queue, HTTP worker, Postgres history.",
        subcommands = {
            WorkerCommand.class,
            ServerCommand.class,
            SendCommand.class,
            PublishCommand.class,
            StatusCommand.class,
            MigrateCommand.class,
            CheckCommand.class,
            DlqCommand.class,
            MessagesCommand.class,
            StatsCommand.class,
            BenchCommand.class,
            EndpointsCommand.class,
            EventTypesCommand.class
        })
public final class HookshotCommand {
    /** Exit code for a bad setting or argument. */
    static final int EXIT_USAGE = 2;

    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show informational logs on"
                    + " standard error, like one line per delivery (worker, server, bench and dev always show them; other"
                    + " commands show only warnings and errors).")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of {@code hookshot.jar}, with the {@code more} commands (picocli {@code @Command}s) added. */
    public static CommandLine commandLine(Object... more) {
        HookshotCommand root = new HookshotCommand();
        CommandLine cli = new CommandLine(root);
        for (Object command : more) {
            cli.addSubcommand(command);
        }
        cli.setExecutionStrategy(root::execute);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("hookshot: " + e.getMessage());
                return EXIT_USAGE;
            }
            throw e;
        });
        return cli;
    }

    /** Runs the command the arguments name, with warnings and errors only unless it logs or --verbose is given. */
    private int execute(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult command = parseResult;
        while (command.hasSubcommand()) {
            command = command.subcommand();
        }
        if (!verbose && !(command.commandSpec().userObject() instanceof LoggingCommand)) {
            for (String name : List.of(Logger.ROOT_LOGGER_NAME, Worker.ATTEMPT_LOGGER)) {
                ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HookshotCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hookshot " + (version == null ? "dev" : version)};
        }
    }
}
