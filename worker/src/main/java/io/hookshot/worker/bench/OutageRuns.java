package io.hookshot.worker.bench;

import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.EndpointHealthConfig;
import io.hookshot.worker.config.WorkerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code outage} scenario, twice, to set side by side: with the circuit breaker (the workers' own setting of
 * {@code HOOKSHOT_BREAKER_FAILURES}, by default 10) and without it (the setting at its highest,
 * {@value EndpointHealthConfig#MAX_BREAKER_FAILURES} failures in a row, which a run never reaches). Each run has a queue
 * of its own ({@code <queue>-breaker}, {@code <queue>-no-breaker}) and workers of its own, started with the run's
 * environment and the outage's retry schedule ({@link OutageScenario#retrySchedule}) as
 * {@code HOOKSHOT_RETRY_SCHEDULE}; at its end they stop, and its Redis keys and history rows are removed (unless
 * {@code --keep}). Not thread-safe.
 */
final class OutageRuns {
    private OutageRuns() {}

    /**
     * Runs both; {@code base}: the bench's context (its queue names the runs' queues), {@code workerEnv}: the bench's
     * workers' environment, {@code startWorkers}: starts workers as the bench does, with the environment given;
     * {@code workerState}: the state of workers in the bench's JVM (its JIT is shared); child processes are cold.
     */
    static List<BenchReport> run(
            ScenarioRun.Context base,
            Map<String, String> workerEnv,
            Function<Map<String, String>, BenchWorkers> startWorkers,
            String workerState) {
        return List.of(
                runOnce(base, workerEnv, startWorkers, workerState, true),
                runOnce(base, workerEnv, startWorkers, workerState, false));
    }

    private static BenchReport runOnce(
            ScenarioRun.Context base,
            Map<String, String> workerEnv,
            Function<Map<String, String>, BenchWorkers> startWorkers,
            String workerState,
            boolean breaker) {
        BenchOptions options = base.options();
        String queue = base.queue() + (breaker ? "-breaker" : "-no-breaker");
        Map<String, String> env = new HashMap<>(workerEnv);
        env.put(WorkerConfig.QUEUE, queue);
        env.put(
                WorkerConfig.RETRY_SCHEDULE,
                OutageScenario.retrySchedule(options.outage()).toString());
        if (!breaker) {
            env.put(EndpointHealthConfig.BREAKER_FAILURES, Integer.toString(EndpointHealthConfig.MAX_BREAKER_FAILURES));
        }
        int threshold = EndpointHealthConfig.fromEnvironment(env).breakerFailures();
        base.progress()
                .printf(
                        "bench: outage %s the circuit breaker, queue %s, retry schedule %s%n",
                        breaker ? "with" : "without", queue, env.get(WorkerConfig.RETRY_SCHEDULE));
        try (BenchWorkers workers = startWorkers.apply(env);
                HookshotProducer producer = HookshotProducer.create(ProducerConfig.fromEnvironment(env))) {
            ScenarioRun.Context ctx = new ScenarioRun.Context(
                    options,
                    base.receiver(),
                    base.history(),
                    queue,
                    workers,
                    MessageSender.of(producer),
                    base.probe(),
                    base.progress(),
                    base.redis(),
                    base.partitions());
            String state = workers.inThisProcess() ? workerState : BenchReport.COLD;
            return new ScenarioRun(
                            ctx, Scenario.OUTAGE, state, Optional.of(new OutageScenario(options, breaker, threshold)))
                    .run();
        } finally {
            if (!options.keep()) {
                BenchKeys.delete(base.redis(), queue);
                base.history().delete(queue);
            }
        }
    }
}
