package io.hookshot.common;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place that lays out calls of the {@code enqueue} script (see its header) for one partition, used by the
 * producer and by tests that drive the script directly: the partition's four keys, three arguments for the call, then
 * ten per job. A call carries one job ({@link #call}) or many ({@link #calls()}, which cuts them into calls of at
 * most {@value #MAX_JOBS_PER_CALL} jobs and about {@value #MAX_DATA_PER_CALL} characters of encoded jobs). What is the
 * same in every call to the partition (its key names, the wake channel, the idempotency window) is worked out once,
 * here. Immutable and thread-safe; a {@link Calls} builder is not thread-safe.
 */
public final class EnqueueLayout {
    /**
     * The most jobs one call carries. Redis runs a call whole, so this bounds how long one call holds Redis: 1 to 3 ms
     * for 100 delayed jobs of 1 KiB on a busy two-core machine. What a call costs beyond its jobs (EVALSHA, TIME, the
     * wake hint) is then under a tenth of a microsecond per job; calls of 200 or 500 showed no less Redis CPU per job.
     */
    public static final int MAX_JOBS_PER_CALL = 100;
    /**
     * Characters of encoded jobs after which a call takes no further job (so large payloads travel in smaller calls);
     * a job larger than this goes in a call of its own.
     */
    public static final int MAX_DATA_PER_CALL = 1024 * 1024;
    /** Arguments of a call before its jobs' groups: prefix, wake channel, idempotency window. */
    static final int CALL_ARGS = 3;
    /**
     * Arguments of each job: id, endpoint, data, delay, due time, idempotency key, url, created, event origin, outcome
     * request.
     */
    static final int JOB_ARGS = 10;
    /** Between the parts of a fan-out message's event origin argument (no id, tenant or type name holds it). */
    static final String ORIGIN_SEPARATOR = "|";

    private final List<String> keys;
    private final String prefix;
    private final String wakeChannel;
    private final String idempotencyWindowMillis;

    /** Calls to the partition of {@code keys}; {@code idempotencyWindow}: how long an idempotency key is kept. */
    public EnqueueLayout(RedisKeys keys, Duration idempotencyWindow) {
        this.keys = List.of(keys.ring(), keys.ringSet(), keys.delayed(), keys.outbox());
        this.prefix = keys.prefix();
        this.wakeChannel = RedisKeys.wakeChannel(keys.queue());
        this.idempotencyWindowMillis = Long.toString(idempotencyWindow.toMillis());
    }

    /** The call storing {@code job}, {@code delay} from now by the server's clock, as {@link JobCodec} encodes it. */
    public EnqueueCall call(Job job, Duration delay) {
        return call(job, job.endpointKey(), JobCodec.encode(job), delay, Optional.empty());
    }

    /**
     * The call storing {@code job} alone, with the stored data {@code data}; see {@link Calls#add}.
     */
    public EnqueueCall call(Job job, String endpoint, String data, Duration delay, Optional<Instant> dueAt) {
        return calls().add(job, endpoint, data, delay, dueAt).build().getFirst();
    }

    /** A builder of the calls storing many jobs of this partition, in the order they are added. */
    public Calls calls() {
        return new Calls();
    }

    /**
     * Jobs of one partition in order, cut into calls: a call is closed when it holds {@value #MAX_JOBS_PER_CALL}
     * jobs, or when the next job's data would take it past {@value #MAX_DATA_PER_CALL} characters. Sent in order
     * (as one pipeline does), the calls store the jobs as one call would. Not thread-safe.
     */
    public final class Calls {
        private final List<EnqueueCall> closed = new ArrayList<>();
        private List<MessageId> ids = new ArrayList<>();
        private List<String> args = new ArrayList<>();
        private long dataChars;

        private Calls() {}

        /**
         * Adds {@code job} with the stored data {@code data} (its encoding, or whatever a test stores).
         *
         * @param endpoint the job's endpoint key ({@link Endpoints#keyOf}), which must map to this partition
         * @param delay    from now, by the server's clock
         * @param dueAt    when given, the job is due at the later of it and {@code delay} from now
         * @return this builder
         */
        public Calls add(Job job, String endpoint, String data, Duration delay, Optional<Instant> dueAt) {
            return add(job, endpoint, data, delay, dueAt, Optional.empty());
        }

        /**
         * As {@link #add(Job, String, String, Duration, Optional)}, for a job whose outcome a producer awaits when
         * {@code outcome} is given: the script that settles it records and publishes its outcome.
         *
         * @return this builder
         */
        public Calls add(
                Job job,
                String endpoint,
                String data,
                Duration delay,
                Optional<Instant> dueAt,
                Optional<OutcomeRequest> outcome) {
            if (!ids.isEmpty() && (ids.size() == MAX_JOBS_PER_CALL || dataChars + data.length() > MAX_DATA_PER_CALL)) {
                close();
            }
            if (ids.isEmpty()) {
                args.add(prefix);
                args.add(wakeChannel);
                args.add(idempotencyWindowMillis);
            }
            String id = job.id().value();
            ids.add(job.id());
            args.add(id);
            args.add(endpoint);
            args.add(data);
            args.add(Long.toString(delay.toMillis()));
            args.add(dueAt.map(t -> Long.toString(t.toEpochMilli())).orElse(""));
            args.add(job.idempotencyKey().orElse(""));
            args.add(job.url().toString());
            args.add(Long.toString(job.createdAt().toEpochMilli()));
            args.add(job.origin()
                    .map(o -> String.join(ORIGIN_SEPARATOR, o.eventId(), o.endpointId(), o.tenant(), o.eventType()))
                    .orElse(""));
            args.add(outcome.map(OutcomeRequest::wireForm).orElse(""));
            dataChars += data.length();
            return this;
        }

        /**
         * The calls, in order; each answers two values per job (see the script's header).
         *
         * @throws IllegalStateException when no job was added
         */
        public List<EnqueueCall> build() {
            if (!ids.isEmpty()) {
                close();
            }
            if (closed.isEmpty()) {
                throw new IllegalStateException("an enqueue call needs at least one job");
            }
            return List.copyOf(closed);
        }

        private void close() {
            closed.add(new EnqueueCall(ids, keys, args));
            ids = new ArrayList<>();
            args = new ArrayList<>();
            dataChars = 0;
        }
    }
}
