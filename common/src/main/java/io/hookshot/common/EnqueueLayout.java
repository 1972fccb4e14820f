package io.hookshot.common;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that lays out a call of the {@code enqueue} script (see its header) for one partition, used by the
 * producer and by tests that drive the script directly. What is the same in every call to the partition (its key
 * names, the wake channel, the idempotency window) is worked out once, here, rather than for every message: that work
 * was a visible share of the producer's CPU per message. Immutable and thread-safe.
 */
public final class EnqueueLayout {
    private final RedisKeys keys;
    private final String prefix;
    private final String ring;
    private final String ringSet;
    private final String delayed;
    private final String outbox;
    private final String wakeChannel;
    private final String idempotencyWindowMillis;

    /** Calls to the partition of {@code keys}; {@code idempotencyWindow}: how long an idempotency key is kept. */
    public EnqueueLayout(RedisKeys keys, Duration idempotencyWindow) {
        this.keys = keys;
        this.prefix = keys.prefix();
        this.ring = keys.ring();
        this.ringSet = keys.ringSet();
        this.delayed = keys.delayed();
        this.outbox = keys.outbox();
        this.wakeChannel = RedisKeys.wakeChannel(keys.queue());
        this.idempotencyWindowMillis = Long.toString(idempotencyWindow.toMillis());
    }

    /** The call storing {@code job}, {@code delay} from now by the server's clock, as {@link JobCodec} encodes it. */
    public EnqueueCall call(Job job, Duration delay) {
        return call(job, job.endpointKey(), JobCodec.encode(job), delay, Optional.empty());
    }

    /**
     * The call storing {@code job} with the stored data {@code data} (its encoding, or whatever a test stores).
     *
     * @param endpoint the job's endpoint key ({@link Job#endpointKey}), which must map to this partition
     * @param delay    from now, by the server's clock
     * @param dueAt    when given, the job is due at the later of it and {@code delay} from now
     */
    public EnqueueCall call(Job job, String endpoint, String data, Duration delay, Optional<Instant> dueAt) {
        String id = job.id().value();
        String idempotencyKey = job.idempotencyKey().orElse("");
        List<String> args = new ArrayList<>(19);
        args.addAll(List.of(id, endpoint, data,
                Long.toString(delay.toMillis()),
                dueAt.map(t -> Long.toString(t.toEpochMilli())).orElse(""),
                idempotencyKey,
                idempotencyWindowMillis,
                job.url().toString(),
                Long.toString(job.createdAt().toEpochMilli()),
                prefix,
                wakeChannel));
        job.origin().ifPresent(o -> args.addAll(List.of(Outbox.EVENT_ID, o.eventId(), Outbox.ENDPOINT_ID,
                o.endpointId(), Outbox.TENANT, o.tenant(), Outbox.EVENT_TYPE, o.eventType())));
        return new EnqueueCall(job.id(),
                List.of(keys.job(id), keys.ready(endpoint), ring, ringSet, delayed, outbox,
                        keys.idempotency(endpoint, idempotencyKey)),
                args);
    }
}
