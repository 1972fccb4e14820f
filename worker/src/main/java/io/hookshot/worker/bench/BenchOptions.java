package io.hookshot.worker.bench;

import io.hookshot.common.Durations;
import io.hookshot.worker.config.EndpointHealthConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a benchmark run is shaped. Immutable; validated on construction. Every default is a {@code DEFAULT_*}; tests
 * and the command line build one with {@link #builder()} (defaults, then the fields they set).
 *
 * @param scenarios        what to run, in order
 * @param messages         messages of {@code burst} and {@code failing}; deliveries of {@code fanout} and
 *                         {@code ratelimit} (their events are a tenth of it, each to ten endpoints)
 * @param warmup           messages of an unreported burst before the first scenario, so the JIT has compiled the
 *                         hot paths (0: none)
 * @param workers          worker processes; 1 runs the worker in the bench's own JVM unless {@code processes}
 * @param processes        run even a single worker as a child process (its CPU and RSS are then its own)
 * @param workerJvmOptions options for the java command of child worker processes, like {@code -Xmx128m}
 * @param concurrency      deliveries in flight per worker
 * @param payloadBytes     size of each message's JSON payload
 * @param batchSize        messages per {@code sendAll} call (burst, delayed), events per {@code publishAll}
 *                         call (fanout)
 * @param sendThreads      threads sending one message per call (failing)
 * @param failFraction     share of requests the receiver answers 503 in {@code failing}
 * @param rate             messages per second in {@code paced} and {@code outage} (in {@code outage}, over all its
 *                         endpoints)
 * @param pacedFor         how long {@code paced} sends; {@code outage} sends for {@code outage} and then this long
 * @param delayedMessages  messages of {@code delayed}
 * @param delay            how far ahead the first delayed message is due
 * @param spread           delayed messages are due evenly over this window (zero: all at the same instant)
 * @param receiverDelay    how long the local receiver waits before answering (a slow receiver)
 * @param target           an external receiver to POST to instead of the local one; then arrival is checked in the
 *                         history only, and latency is not measured
 * @param receiverPid      the process id of that external receiver, on this machine, whose CPU time each scenario
 *                         reports; only with {@code target}
 * @param drainTimeout     longest wait for every message to arrive and be recorded, per scenario
 * @param keep             leave the bench's Redis keys and history rows in place
 * @param attemptLog       keep the worker's one-log-line-per-attempt (off: only warnings are logged)
 * @param sendVia          {@code producer}: the Java producer sends; {@code api}: each message is one
 *                         {@code POST /v1/messages} to an admin API server the bench runs in its own JVM (a burst is
 *                         then sent from {@code sendThreads} threads; {@code delayed} and {@code fanout} cannot be
 *                         sent this way, nor {@code outage} and {@code ratelimit})
 * @param outage           how long the failing endpoint of {@code outage} answers 503
 * @param rateLimit        requests per second the limited endpoint of {@code ratelimit} accepts
 */
public record BenchOptions(
        List<Scenario> scenarios,
        int messages,
        int warmup,
        int workers,
        boolean processes,
        List<String> workerJvmOptions,
        int concurrency,
        int payloadBytes,
        int batchSize,
        int sendThreads,
        double failFraction,
        int rate,
        Duration pacedFor,
        int delayedMessages,
        Duration delay,
        Duration spread,
        Duration receiverDelay,
        Optional<URI> target,
        Optional<Long> receiverPid,
        Duration drainTimeout,
        boolean keep,
        boolean attemptLog,
        String sendVia,
        Duration outage,
        int rateLimit) {

    public static final String DEFAULT_SEND_VIA = MessageSender.PRODUCER;
    public static final int DEFAULT_MESSAGES = 20_000;
    public static final int DEFAULT_WARMUP = 5_000;
    public static final int DEFAULT_WORKERS = 1;
    public static final int DEFAULT_CONCURRENCY = 64;
    public static final int DEFAULT_PAYLOAD_BYTES = 1024;
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final int DEFAULT_SEND_THREADS = 8;
    public static final double DEFAULT_FAIL_FRACTION = 0.2;
    public static final int DEFAULT_RATE = 400;
    public static final Duration DEFAULT_PACED_FOR = Duration.ofSeconds(15);
    public static final int DEFAULT_DELAYED_MESSAGES = 2_000;
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SPREAD = Duration.ofSeconds(4);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_OUTAGE = Duration.ofSeconds(60);
    public static final int DEFAULT_RATE_LIMIT = 50;
    /** The shortest {@code --outage}. */
    static final Duration MIN_OUTAGE = Duration.ofSeconds(1);
    /** The longest {@code --outage}. */
    static final Duration MAX_OUTAGE = Duration.ofHours(1);
    /** The retry schedule of {@code failing} messages: a 100 ms base, doubling; enough retries that none dies. */
    public static final String FAILING_SCHEDULE = "100ms,200ms,400ms,800ms,1600ms,3200ms";
    /** Retries in {@link #FAILING_SCHEDULE}: the receiver never fails one message more often than this. */
    public static final int FAILING_RETRIES = 6;

    public BenchOptions {
        scenarios = List.copyOf(scenarios);
        workerJvmOptions = List.copyOf(workerJvmOptions);
        require(!scenarios.isEmpty(), "--scenario names no scenario");
        require(messages >= 1, "--messages must be at least 1, got " + messages);
        require(warmup >= 0, "--warmup must not be negative, got " + warmup);
        require(workers >= 1 && workers <= 64, "--workers must be 1 to 64, got " + workers);
        require(concurrency >= 1 && concurrency <= 10_000, "--concurrency must be 1 to 10000, got " + concurrency);
        require(payloadBytes >= 16 && payloadBytes <= 256 * 1024, "--payload-bytes must be 16 to 262144");
        require(batchSize >= 1 && batchSize <= 10_000, "--batch must be 1 to 10000, got " + batchSize);
        require(sendThreads >= 1 && sendThreads <= 256, "--send-threads must be 1 to 256, got " + sendThreads);
        require(failFraction >= 0 && failFraction < 1, "--fail-fraction must be at least 0 and below 1");
        require(rate >= 1 && rate <= 100_000, "--rate must be 1 to 100000, got " + rate);
        require(!pacedFor.isNegative() && !pacedFor.isZero(), "--duration must be positive");
        require(delayedMessages >= 1, "--delayed-messages must be at least 1");
        require(!delay.isNegative(), "--delay must not be negative");
        require(!spread.isNegative(), "--spread must not be negative");
        require(!receiverDelay.isNegative(), "--receiver-delay must not be negative");
        require(!drainTimeout.isNegative() && !drainTimeout.isZero(), "--timeout must be positive");
        require(
                sendVia.equals(MessageSender.PRODUCER) || sendVia.equals(MessageSender.API),
                "--send-via must be " + MessageSender.PRODUCER + " or " + MessageSender.API + ", got '" + sendVia
                        + "'");
        require(
                sendVia.equals(MessageSender.PRODUCER) || !scenarios.contains(Scenario.DELAYED),
                "--send-via api cannot run the delayed scenario: it sends messages due at set instants, and"
                        + " POST /v1/messages takes a relative delay; pick the others with --scenario");
        require(
                outage.compareTo(MIN_OUTAGE) >= 0 && outage.compareTo(MAX_OUTAGE) <= 0,
                "--outage must be " + Durations.format(MIN_OUTAGE) + " to " + Durations.format(MAX_OUTAGE) + ", got "
                        + Durations.format(outage));
        require(
                rateLimit >= 1 && rateLimit <= EndpointHealthConfig.MAX_RATE_LIMIT,
                "--rate-limit must be 1 to " + EndpointHealthConfig.MAX_RATE_LIMIT + ", got " + rateLimit);
        for (Scenario s : scenarios) {
            require(
                    sendVia.equals(MessageSender.PRODUCER) || !s.publishes(),
                    "--send-via api cannot run the " + s.label() + " scenario: it publishes events with the"
                            + " producer's publishAll; pick the others with --scenario");
            require(
                    target.isEmpty() || !s.needsLocalReceiver(),
                    "--target cannot run the " + s.label() + " scenario: it needs the local receiver, which"
                            + " answers and times each request; pick the others with --scenario");
        }
        receiverPid.ifPresent(pid -> {
            require(
                    target.isPresent(),
                    "--receiver-pid needs --target: without it the receiver runs in the bench's"
                            + " own JVM (benchCpuSeconds)");
            require(ProcessHandle.of(pid).isPresent(), "--receiver-pid " + pid + ": no such process on this machine");
        });
    }

    /** Every option at its default: all scenarios, one worker in the bench's JVM, the local receiver. */
    public static BenchOptionsBuilder builder() {
        return new BenchOptionsBuilder();
    }

    /** A builder holding these options, to change a few. */
    BenchOptionsBuilder toBuilder() {
        return new BenchOptionsBuilder(this);
    }

    /** The same, with {@code n} burst and failing messages. */
    BenchOptions withMessages(int n) {
        return toBuilder().messages(n).build();
    }

    /**
     * {@link BenchReport#COLD} for the first scenario of a run without warm-up (the workers, whether child processes or
     * in the bench's JVM, have delivered nothing before it), else {@link BenchReport#WARM}.
     */
    String workerState(boolean firstScenario) {
        return firstScenario && warmup == 0 ? BenchReport.COLD : BenchReport.WARM;
    }

    /** True when the workers run in child processes rather than in the bench's JVM. */
    public boolean childProcesses() {
        return processes || workers > 1;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
