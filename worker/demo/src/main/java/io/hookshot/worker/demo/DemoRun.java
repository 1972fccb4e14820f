package io.hookshot.worker.demo;

import io.hookshot.common.MessageId;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.bench.BenchReceiver;
import io.hookshot.worker.config.WorkerConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo: sample traffic through a {@link DemoStack} to a receiver that fails a share of requests
 * ({@link SampleAnswers}), a live progress line, then a summary and where to look next.
 */
public final class DemoRun {
    private static final Duration TICK = Duration.ofMillis(500);

    private final DemoStack stack;
    private final PrintStream out;

    public DemoRun(DemoStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Sends {@code count} samples and waits (at most {@code timeout}) until each is delivered or dead. */
    public boolean run(int count, Duration timeout, String jar) throws InterruptedException {
        SampleAnswers answers = new SampleAnswers();
        try (BenchReceiver receiver = BenchReceiver.answering(answers);
                HookshotProducer producer = HookshotProducer.create(ProducerConfig.fromEnvironment(stack.env()))) {
            long started = System.nanoTime();
            // Only this run's messages count: the queue may hold earlier runs' history.
            Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
            out.printf(
                    "sending %d sample webhooks: every %dth fails once and is retried, every %dth always fails%n",
                    count, SampleAnswers.FLAKY_EVERY, SampleAnswers.DEAD_EVERY);
            List<MessageId> ids = SampleTraffic.send(producer, receiver, count);
            DemoCounts counts = awaitFinished(count, since, started, timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            out.println();
            out.println(DemoProgress.summary(count, counts, answers.requests(), took));
            printWhereToLook(ids, jar);
            return counts.finished() == count;
        }
    }

    private DemoCounts awaitFinished(int sent, Instant since, long startedNanos, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean live = System.console() != null;
        DemoCounts counts = stack.counts(DemoStack.DEMO_QUEUE, since);
        for (int tick = 0; counts.finished() < sent && System.nanoTime() < deadline; tick++) {
            TimeUnit.MILLISECONDS.sleep(TICK.toMillis());
            counts = stack.counts(DemoStack.DEMO_QUEUE, since);
            String line = DemoProgress.line(sent, counts, Duration.ofNanos(System.nanoTime() - startedNanos));
            if (live) {
                out.print("\r" + line + "   ");
            } else if (tick % 4 == 0) {
                out.println(line);
            }
        }
        return counts;
    }

    private void printWhereToLook(List<MessageId> ids, String jar) {
        String dead = ids.getFirst().value();
        String retried = ids.get(1).value();
        out.printf(
                """

                Where to look next:
                  dashboard      %s
                  API            curl -H 'Authorization: Bearer %s' %s/v1/stats
                  one message    %s='%s' %s='%s' \\
                                   java -jar %s status %s      (a retried one: %s)
                """,
                stack.dashboardUrl(),
                stack.token(),
                stack.baseUrl(),
                WorkerConfig.REDIS_URL,
                stack.env().get(WorkerConfig.REDIS_URL),
                WorkerConfig.DATABASE_URL,
                stack.env().get(WorkerConfig.DATABASE_URL),
                jar,
                dead,
                retried);
    }
}
