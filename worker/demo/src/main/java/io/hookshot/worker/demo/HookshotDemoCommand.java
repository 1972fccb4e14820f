package io.hookshot.worker.demo;

import io.hookshot.worker.cli.HookshotCommand;

/**
 * {@code java -jar hookshot-demo.jar <command>}: every command of {@code hookshot.jar}, plus {@code demo} and
 * {@code dev}, which start embedded Redis and PostgreSQL servers when none are configured.
 */
public final class HookshotDemoCommand {
    private HookshotDemoCommand() {}

    public static void main(String[] args) {
        System.exit(
                HookshotCommand.commandLine(new DemoCommand(), new DevCommand()).execute(args));
    }
}
