package io.hookshot.worker.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@link BenchOptions}: every option starts at its default ({@link BenchOptions#builder()}) or at the value of
 * existing options ({@link BenchOptions#toBuilder()}); {@link #build()} validates. Not thread-safe.
 */
public final class BenchOptionsBuilder {
    private List<Scenario> scenarios = List.of(Scenario.values());
    private int messages = BenchOptions.DEFAULT_MESSAGES;
    private int warmup = BenchOptions.DEFAULT_WARMUP;
    private int workers = BenchOptions.DEFAULT_WORKERS;
    private boolean processes;
    private List<String> workerJvmOptions = List.of();
    private int concurrency = BenchOptions.DEFAULT_CONCURRENCY;
    private int payloadBytes = BenchOptions.DEFAULT_PAYLOAD_BYTES;
    private int batchSize = BenchOptions.DEFAULT_BATCH_SIZE;
    private int sendThreads = BenchOptions.DEFAULT_SEND_THREADS;
    private double failFraction = BenchOptions.DEFAULT_FAIL_FRACTION;
    private int rate = BenchOptions.DEFAULT_RATE;
    private Duration pacedFor = BenchOptions.DEFAULT_PACED_FOR;
    private int delayedMessages = BenchOptions.DEFAULT_DELAYED_MESSAGES;
    private Duration delay = BenchOptions.DEFAULT_DELAY;
    private Duration spread = BenchOptions.DEFAULT_SPREAD;
    private Duration receiverDelay = Duration.ZERO;
    private Optional<URI> target = Optional.empty();
    private Optional<Long> receiverPid = Optional.empty();
    private Duration drainTimeout = BenchOptions.DEFAULT_DRAIN_TIMEOUT;
    private boolean keep;
    private boolean attemptLog;
    private String sendVia = BenchOptions.DEFAULT_SEND_VIA;
    private Duration outage = BenchOptions.DEFAULT_OUTAGE;
    private int rateLimit = BenchOptions.DEFAULT_RATE_LIMIT;

    BenchOptionsBuilder() {}

    BenchOptionsBuilder(BenchOptions o) {
        scenarios = o.scenarios();
        messages = o.messages();
        warmup = o.warmup();
        workers = o.workers();
        processes = o.processes();
        workerJvmOptions = o.workerJvmOptions();
        concurrency = o.concurrency();
        payloadBytes = o.payloadBytes();
        batchSize = o.batchSize();
        sendThreads = o.sendThreads();
        failFraction = o.failFraction();
        rate = o.rate();
        pacedFor = o.pacedFor();
        delayedMessages = o.delayedMessages();
        delay = o.delay();
        spread = o.spread();
        receiverDelay = o.receiverDelay();
        target = o.target();
        receiverPid = o.receiverPid();
        drainTimeout = o.drainTimeout();
        keep = o.keep();
        attemptLog = o.attemptLog();
        sendVia = o.sendVia();
        outage = o.outage();
        rateLimit = o.rateLimit();
    }

    public BenchOptionsBuilder scenarios(List<Scenario> value) {
        scenarios = value;
        return this;
    }

    public BenchOptionsBuilder scenarios(Scenario... value) {
        return scenarios(List.of(value));
    }

    public BenchOptionsBuilder messages(int value) {
        messages = value;
        return this;
    }

    public BenchOptionsBuilder warmup(int value) {
        warmup = value;
        return this;
    }

    public BenchOptionsBuilder workers(int value) {
        workers = value;
        return this;
    }

    public BenchOptionsBuilder processes(boolean value) {
        processes = value;
        return this;
    }

    public BenchOptionsBuilder workerJvmOptions(List<String> value) {
        workerJvmOptions = value;
        return this;
    }

    public BenchOptionsBuilder concurrency(int value) {
        concurrency = value;
        return this;
    }

    public BenchOptionsBuilder payloadBytes(int value) {
        payloadBytes = value;
        return this;
    }

    public BenchOptionsBuilder batchSize(int value) {
        batchSize = value;
        return this;
    }

    public BenchOptionsBuilder sendThreads(int value) {
        sendThreads = value;
        return this;
    }

    public BenchOptionsBuilder failFraction(double value) {
        failFraction = value;
        return this;
    }

    public BenchOptionsBuilder rate(int value) {
        rate = value;
        return this;
    }

    public BenchOptionsBuilder pacedFor(Duration value) {
        pacedFor = value;
        return this;
    }

    public BenchOptionsBuilder delayedMessages(int value) {
        delayedMessages = value;
        return this;
    }

    public BenchOptionsBuilder delay(Duration value) {
        delay = value;
        return this;
    }

    public BenchOptionsBuilder spread(Duration value) {
        spread = value;
        return this;
    }

    public BenchOptionsBuilder receiverDelay(Duration value) {
        receiverDelay = value;
        return this;
    }

    public BenchOptionsBuilder target(Optional<URI> value) {
        target = value;
        return this;
    }

    public BenchOptionsBuilder receiverPid(Optional<Long> value) {
        receiverPid = value;
        return this;
    }

    public BenchOptionsBuilder drainTimeout(Duration value) {
        drainTimeout = value;
        return this;
    }

    public BenchOptionsBuilder keep(boolean value) {
        keep = value;
        return this;
    }

    public BenchOptionsBuilder attemptLog(boolean value) {
        attemptLog = value;
        return this;
    }

    public BenchOptionsBuilder sendVia(String value) {
        sendVia = value;
        return this;
    }

    public BenchOptionsBuilder outage(Duration value) {
        outage = value;
        return this;
    }

    public BenchOptionsBuilder rateLimit(int value) {
        rateLimit = value;
        return this;
    }

    /** The options; throws {@link IllegalArgumentException} naming the first option that is out of range. */
    public BenchOptions build() {
        return new BenchOptions(
                scenarios,
                messages,
                warmup,
                workers,
                processes,
                workerJvmOptions,
                concurrency,
                payloadBytes,
                batchSize,
                sendThreads,
                failFraction,
                rate,
                pacedFor,
                delayedMessages,
                delay,
                spread,
                receiverDelay,
                target,
                receiverPid,
                drainTimeout,
                keep,
                attemptLog,
                sendVia,
                outage,
                rateLimit);
    }
}
