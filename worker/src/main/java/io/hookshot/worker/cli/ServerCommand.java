package io.hookshot.worker.cli;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.api.ApiServer;
import io.hookshot.worker.api.ApiServices;
import io.hookshot.worker.api.HealthCheck;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.config.ServerConfig;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.retention.RetentionJob;
import io.hookshot.worker.retention.RetentionSchedule;
import io.hookshot.worker.store.Database;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.redisson.api.RedissonClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the stateless admin API (and the retention job) until SIGTERM or SIGINT. */
@Command(name = "server", description = "Serve the admin API on HOOKSHOT_HTTP_PORT until stopped (any number of"
        + " replicas); also runs the retention job, one process at a time.")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--insecure-no-auth", description = "Run the API without a token. Local development only.")
    boolean insecureNoAuth;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = Environment.load();
        ServerConfig server = ServerConfig.fromEnvironment(env);
        Optional<String> token = server.requireToken(insecureNoAuth);
        WorkerConfig config = WorkerConfig.fromEnvironment(env);
        Database database = Database.connect(config.database());
        database.migrate();
        RedissonClient redis = RedissonClients.create(config.redisUrl());
        HookshotProducer producer = HookshotProducer.create(ProducerConfig.fromEnvironment(env));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RetentionSchedule retention = RetentionSchedule.start(new RetentionJob(database,
                server.deadLetterRetention(), server.historyRetention(), RetentionJob.DEFAULT_BATCH_SIZE,
                Clock.systemUTC()), server.retentionInterval());
        ApiServer api = ApiServer.startFull(server.httpPort(), token,
                ApiServices.of(producer, database, redis, server.replayRate()),
                Map.of("redis", HealthCheck.redis(redis), "postgres", HealthCheck.postgres(database)), registry);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            retention.close();
            producer.close();
            redis.shutdown();
            database.close();
            stopped.countDown();
        }, "hookshot-shutdown"));
        stopped.await();
        return 0;
    }
}
