package io.hookshot.worker.cli;

/**
 * A command whose logs are how it reports (it runs on until stopped): it logs informational lines without
 * {@code --verbose}, as {@link io.hookshot.worker.logging.ConsoleLogging} sets up. The other commands print their
 * results and log only warnings and errors.
 */
public interface LoggingCommand {}
