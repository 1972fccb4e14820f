package io.hookshot.worker.demo;

import io.hookshot.worker.cli.DurationConverter;
import io.hookshot.worker.cli.HookshotCommand;
import io.hookshot.worker.cli.JarPath;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.ServerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sample traffic through the whole stack, started in this process; see {@link DemoRun}. It logs warnings only (one
 * line per delivery would bury the progress display), unless given {@code --verbose} ({@link HookshotCommand}).
 */
@Command(
        name = "demo",
        description = "See Hookshot work: start Redis, PostgreSQL (embedded ones, unless"
                + " HOOKSHOT_REDIS_URL and HOOKSHOT_DATABASE_URL are set), a worker, the server and dashboard, and a"
                + " sample receiver that fails a share of requests; send sample webhooks and show what happens. Ctrl-C stops"
                + " everything.")
final class DemoCommand implements Callable<Integer> {
    /** Never opened: the JVM's shutdown hook closes the stack, and the JVM exits, on Ctrl-C or SIGTERM. */
    static final CountDownLatch UNTIL_STOPPED = new CountDownLatch(1);

    @Option(names = "--messages", defaultValue = "3000", description = "Sample webhooks to send (default 3000).")
    int messages;

    @Option(names = "--port", description = "Port of the server and dashboard (default HOOKSHOT_HTTP_PORT, 8080).")
    Integer port;

    @Option(
            names = "--timeout",
            defaultValue = "3m",
            converter = DurationConverter.class,
            description = "Longest to wait for every sample to be delivered or dead (default 3m).")
    Duration timeout;

    @Option(names = "--exit", description = "Stop once the summary is printed instead of waiting for Ctrl-C.")
    boolean exit;

    @Override
    public Integer call() throws InterruptedException {
        if (messages < 1 || messages > 1_000_000) {
            throw new IllegalArgumentException("--messages must be between 1 and 1000000, not " + messages);
        }
        var env = Environment.load();
        int httpPort = port != null ? port : ServerConfig.fromEnvironment(env).httpPort();
        System.out.println("starting the demo stack...");
        DemoStack stack = DemoStack.start(env, DemoStack.DEMO_QUEUE, httpPort);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "hookshot-shutdown"));
        boolean finished = new DemoRun(stack, System.out).run(messages, timeout, JarPath.current());
        if (exit) {
            stack.close();
        } else {
            System.out.println("\nRunning until Ctrl-C"
                    + (stack.embedded()
                            ? ", which stops everything and removes the embedded Redis and PostgreSQL."
                            : "."));
            UNTIL_STOPPED.await();
        }
        return finished ? 0 : 1;
    }
}
