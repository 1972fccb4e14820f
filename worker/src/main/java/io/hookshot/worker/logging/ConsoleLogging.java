package io.hookshot.worker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.hookshot.worker.run.Worker;
import java.util.List;
import org.slf4j.Logger;

/**
 * How every command of hookshot.jar logs, set up in code rather than by a logback.xml, which Logback parses with an
 * XML parser at every start (measured: 0.6 s of a command's start, which {@code send} and the other short commands
 * paid each time). Logs go to standard error, so commands can print results (message ids, JSON) alone on standard
 * output; the libraries' informational chatter is off; {@code HookshotCommand} lowers the root and the per-attempt
 * logger to WARN for the commands that print results. Found by Logback through {@code META-INF/services}. Steps
 * aside for a {@code logback-test.xml} on the class path or a file named by {@code -Dlogback.configurationFile}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    /**
     * The system property with the level of the one-line-per-attempt logger ({@link Worker#ATTEMPT_LOGGER}): INFO
     * unless set; {@code hookshot bench} runs its worker processes with WARN.
     */
    public static final String ATTEMPT_LOG_PROPERTY = "hookshot.attempt.log";

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";
    /** Loggers of libraries that say at INFO what only matters to their own developers. */
    private static final List<String> QUIET = List.of(
            "com.zaxxer.hikari",
            "org.flywaydb",
            "org.redisson",
            "io.netty",
            "org.apache.hc",
            "org.jdbi",
            "io.javalin",
            "org.eclipse.jetty",
            "io.zonky"); // the embedded PostgreSQL of demo and dev: its initdb output would bury dev's own lines

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getProperty(ATTEMPT_LOG_PROPERTY));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context}; {@code attemptLevel}: the per-attempt logger's level, INFO when null. */
    static void apply(LoggerContext context, String attemptLevel) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        context.getLogger(Worker.ATTEMPT_LOGGER).setLevel(Level.toLevel(attemptLevel, Level.INFO));
    }
}
