package io.hookshot.worker.cli;

import io.hookshot.worker.api.AdminServer;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the stateless admin API (and the retention job) until SIGTERM or SIGINT. */
@Command(
        name = "server",
        description = "Serve the admin API on HOOKSHOT_HTTP_PORT until stopped (any number of"
                + " replicas); also runs the retention job, one process at a time.")
final class ServerCommand implements Callable<Integer>, LoggingCommand {
    @Option(names = "--insecure-no-auth", description = "Run the API without a token. Local development only.")
    boolean insecureNoAuth;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = Environment.load();
        ServerConfig server = ServerConfig.fromEnvironment(env);
        Optional<String> token = server.requireToken(insecureNoAuth);
        AdminServer admin =
                AdminServer.start(env, server, token, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            admin.close();
                            stopped.countDown();
                        },
                        "hookshot-shutdown"));
        stopped.await();
        return 0;
    }
}
