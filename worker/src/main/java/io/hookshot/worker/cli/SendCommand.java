package io.hookshot.worker.cli;

import io.hookshot.common.MessageId;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.config.Environment;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Enqueues messages with the producer library; prints their ids, one per line, and nothing else on stdout. */
@Command(name = "send", description = "Enqueue webhooks; prints each message id on its own line.")
final class SendCommand implements Callable<Integer> {
    private static final int BATCH = 500;
    private static final int OUT_BUFFER = 64 * 1024;

    @Option(names = "--url", required = true, description = "Absolute http(s) URL to POST to.")
    String url;

    @Option(names = "--data", required = true, description = "The payload (JSON).")
    String data;

    @Option(names = "--header", description = "Extra request header, 'Name: value' (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(
            names = "--delay",
            description = "Deliver no sooner than this, like 10s or 5m.",
            converter = DurationConverter.class)
    Duration delay;

    @Option(names = "--count", defaultValue = "1", description = "Send this many messages, each with its own id.")
    int count;

    @Option(
            names = "--idempotency-key",
            description = "Sending again with this key (to the same endpoint, within"
                    + " the idempotency window) returns the first message's id and enqueues nothing.")
    String idempotencyKey;

    @Override
    public Integer call() {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        Message.Builder template = Message.builder(url).payload(data);
        PairOptions.headers("--header", headers).forEach(template::header);
        if (delay != null) {
            template.delay(delay);
        }
        if (idempotencyKey != null) {
            if (count > 1) {
                throw new IllegalArgumentException(
                        "--idempotency-key names one message; it cannot go with --count " + count);
            }
            template.idempotencyKey(idempotencyKey);
        }
        // Buffered: System.out flushes every line, a system call per id. Flushed after each batch instead.
        PrintStream out =
                new PrintStream(new BufferedOutputStream(System.out, OUT_BUFFER), false, System.out.charset());
        try (HookshotProducer producer = HookshotProducer.create(ProducerConfig.fromEnvironment(Environment.load()))) {
            int sent = 0;
            while (sent < count) {
                int n = Math.min(BATCH, count - sent);
                List<Message> batch = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    batch.add(template.build());
                }
                for (MessageId id : producer.sendAll(batch)) {
                    out.println(id.value());
                }
                out.flush();
                sent += n;
                if (count > BATCH) {
                    System.err.printf("sent %d of %d%n", sent, count);
                }
            }
        }
        out.flush();
        return 0;
    }
}
