package io.hookshot.worker.ops;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.worker.queue.ScriptRunner;
import io.hookshot.worker.queue.StreamGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the ops records of every partition into operational webhooks: ordinary messages to the operational webhook
 * URL, signed with its secret, with retries and history like any other. On a thread of its own, every
 * {@code interval}, per partition:
 * <ol>
 *   <li>Read records through the consumer group {@value #GROUP} (shared by every worker, so each record
 *       goes to one of them): records another worker left unacknowledged longer than the lease (it died), then new
 *       ones.</li>
 *   <li>Enqueue one message per record, with an id made from the record ({@link OperationalEvents#messageId}) and
 *       that id as its idempotency key: a record read again (this worker died between enqueueing and acknowledging)
 *       makes no second message.</li>
 *   <li>Acknowledge the records. When Redis fails, log it once and try again at the next tick; the records stay
 *       pending and are read again.</li>
 * </ol>
 * Thread-safe.
 */
public final class OperationalNotifier implements AutoCloseable {
    /**
     * The consumer group of the workers' notifiers. It starts at the stream's end: records made before operational
     * webhooks were first turned on are not sent.
     */
    static final String GROUP = "ops";
    /** How long a webhook's id is remembered as its idempotency key: far longer than a record stays pending. */
    static final Duration DEDUPE_WINDOW = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(OperationalNotifier.class);
    private static final int BATCH = 100;

    private final StreamGroup<OpsRecord> stream;
    private final ScriptRunner scripts;
    private final URI url;
    private final SigningSecret secret;
    private final EnqueueLayout layout;
    private final int partitions;
    private final String consumer;
    private final Duration claimIdle;
    private final Clock clock;
    private final boolean[] groupReady;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hookshot-ops").daemon().factory());
    /** Whether the last tick failed; only the timer's thread touches it. */
    private boolean failing;

    /**
     * A notifier for the queue {@code queue} of {@code partitions}, sending to {@code url} signed with
     * {@code secret}, reading as {@code consumer}; records left by a dead consumer are taken over after
     * {@code claimIdle}.
     */
    public OperationalNotifier(
            RedissonClient redis,
            String queue,
            int partitions,
            URI url,
            SigningSecret secret,
            String consumer,
            Duration claimIdle,
            Clock clock) {
        this.stream = new StreamGroup<>(
                redis,
                GROUP,
                StreamMessageId.NEWEST,
                p -> new RedisKeys(queue, p).ops(),
                OpsRecord::new,
                OpsRecord::entryId);
        this.scripts = new ScriptRunner(redis);
        this.url = url;
        this.secret = secret;
        this.layout = new EnqueueLayout(
                new RedisKeys(queue, Endpoints.partitionOf(Endpoints.keyOf(url), partitions)), DEDUPE_WINDOW);
        this.partitions = partitions;
        this.consumer = consumer;
        this.claimIdle = claimIdle;
        this.clock = clock;
        this.groupReady = new boolean[partitions];
    }

    /** Creates the consumer groups now (so that no record made from here on is missed), then runs every interval. */
    public void start(Duration interval) {
        for (int p = 0; p < partitions; p++) {
            try {
                stream.create(p);
                groupReady[p] = true;
            } catch (RuntimeException e) {
                LOG.warn("cannot create the operational events group of partition {} yet: {}", p, e.toString());
            }
        }
        timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            for (int p = 0; p < partitions; p++) {
                pass(p);
            }
            if (failing) {
                LOG.info("operational webhooks are being sent again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot send operational webhooks now, trying again: {}", e.toString());
            }
            failing = true;
            java.util.Arrays.fill(groupReady, false); // the stream may be new after a Redis restart
        }
    }

    /** One partition: what a dead worker left, then what is new. Visible for tests, which call it directly. */
    void pass(int partition) {
        if (!groupReady[partition]) {
            stream.create(partition);
            groupReady[partition] = true;
        }
        send(
                partition,
                stream.autoClaim(partition, consumer, claimIdle, StreamMessageId.ALL, BATCH)
                        .entries());
        List<OpsRecord> fresh;
        do {
            fresh = stream.readNew(partition, consumer, BATCH);
            send(partition, fresh);
        } while (fresh.size() == BATCH);
    }

    private void send(int partition, List<OpsRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<ScriptRunner.Call> calls = new ArrayList<>(records.size());
        for (OpsRecord r : records) {
            if (OperationalEvents.TYPES.contains(r.field("t"))) {
                calls.add(ScriptRunner.Call.of(layout.call(webhook(r), Duration.ZERO)));
            }
        }
        if (!calls.isEmpty()) {
            scripts.runBatch(calls);
        }
        stream.ack(partition, records);
    }

    private Job webhook(OpsRecord r) {
        var id = OperationalEvents.messageId(r);
        return new Job(
                id,
                url,
                Map.of(),
                OperationalEvents.payload(r).getBytes(StandardCharsets.UTF_8),
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.of(id.value()),
                List.of(secret),
                clock.instant());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
