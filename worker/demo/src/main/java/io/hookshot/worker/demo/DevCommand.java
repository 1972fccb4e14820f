package io.hookshot.worker.demo;

import io.hookshot.worker.cli.LoggingCommand;
import io.hookshot.worker.config.ConnectionConfig;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.config.WorkerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The demo's stack without its traffic, for an application under development to publish into. */
@Command(
        name = "dev",
        description = "Run the whole stack locally (embedded Redis and PostgreSQL unless"
                + " HOOKSHOT_REDIS_URL and HOOKSHOT_DATABASE_URL are set, a worker that may deliver to loopback, the server"
                + " and dashboard) and print the URLs for your application. Ctrl-C stops everything.")
final class DevCommand implements Callable<Integer>, LoggingCommand {
    @Option(names = "--port", description = "Port of the server and dashboard (default HOOKSHOT_HTTP_PORT, 8080).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        var env = Environment.load();
        int httpPort = port != null ? port : ServerConfig.fromEnvironment(env).httpPort();
        String queue = env.getOrDefault(ConnectionConfig.QUEUE, ConnectionConfig.DEFAULT_QUEUE);
        DemoStack stack = DemoStack.start(env, queue, httpPort);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "hookshot-shutdown"));
        System.out.printf(
                """
                Hookshot is running (queue %s). For your application:
                  %s=%s
                  %s=%s
                  dashboard  %s
                  API        %s/v1 (Authorization: Bearer %s)
                Deliveries may reach loopback receivers (%s=%s). Ctrl-C stops everything.
                """,
                queue,
                WorkerConfig.REDIS_URL,
                stack.env().get(WorkerConfig.REDIS_URL),
                WorkerConfig.DATABASE_URL,
                stack.env().get(WorkerConfig.DATABASE_URL),
                stack.dashboardUrl(),
                stack.baseUrl(),
                stack.token(),
                WorkerConfig.ALLOWED_NETWORKS,
                stack.env().get(WorkerConfig.ALLOWED_NETWORKS));
        DemoCommand.UNTIL_STOPPED.await();
        return 0;
    }
}
