package io.hookshot.worker.cli;

import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.run.Worker;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** Runs a worker until SIGTERM or SIGINT, then shuts it down gracefully. */
@Command(name = "worker", description = "Deliver webhooks from the queue until stopped (SIGTERM: graceful).")
final class WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config = WorkerConfig.fromEnvironment(Environment.load());
        Worker worker = Worker.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "hookshot-shutdown"));
        stopped.await();
        return 0;
    }
}
