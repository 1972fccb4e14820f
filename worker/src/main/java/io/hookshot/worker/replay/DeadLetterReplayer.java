package io.hookshot.worker.replay;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.JobDecodingException;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.Validation;
import io.hookshot.worker.replay.ReplayOutcome.NotFound;
import io.hookshot.worker.replay.ReplayOutcome.Refused;
import io.hookshot.worker.replay.ReplayOutcome.Replayed;
import io.hookshot.worker.store.Database;
import java.net.URI;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays dead letters of one queue: the same message id goes back on the queue with a new attempt series, shared by
 * the admin API and the command line. Thread-safe.
 *
 * <p>Replaying one dead letter, all in one Postgres transaction:
 * <ol>
 *   <li>Lock its {@code hookshot_dead_letter} row ({@code for update}): concurrent replays of one id run one after
 *       the other, and the second finds no row.</li>
 *   <li>Decode the stored job; with a new URL, check the job against the producer's rules, as a new message.
 *       Refuse a message the history shows delivered: its dead letter is stale.</li>
 *   <li>Count the attempts made so far: the more of the dead letter's count and the message's (never the attempt
 *       rows: retention drops them by day, whatever the message, so they may be gone). The new series continues after it (attempt numbers are part of the history's key, so a series
 *       restarting at 1 would be dropped as duplicates); its retry schedule starts from the beginning.</li>
 *   <li>Mark the message {@code pending} again at the attempts so far (only while it is still {@code dead}), delete
 *       the dead-letter row. The history writer takes a pending message at attempt n as the end of a series: a dead
 *       record of it exported again (an exporter that crashed before acknowledging it) changes nothing.</li>
 *   <li>Run the {@code replay} script. If it finds the job live in Redis, roll everything back: a replay never makes a
 *       second copy of a job. Commit.</li>
 * </ol>
 * If the commit fails after the script ran, the job is queued and its dead letter is still there; replaying it again
 * is refused as live, and the worker's next record of it moves the history on.
 */
public final class DeadLetterReplayer {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);

    private static final String LOCK = """
            select job, url, attempts from hookshot_dead_letter where message_id = :id and queue = :queue
            for update""";
    private static final String ATTEMPTS_SO_FAR = """
            select greatest(:dead, coalesce((select attempts from hookshot_message where id = :id), 0))""";
    private static final String REVIVE = """
            update hookshot_message
               set status = 'pending', attempts = :attempts, url = :url, next_attempt_at = now(), finished_at = null,
                   updated_at = now()
             where id = :id and status = 'dead'""";
    private static final String DELETE = "delete from hookshot_dead_letter where message_id = :id";
    private static final String DELIVERED =
            "select exists (select 1 from hookshot_message where id = :id" + " and status = 'delivered')";

    private record Locked(String job, String url, int attempts) {}

    private final Jdbi jdbi;
    private final String queue;
    private final ReplayQueue redisSide;
    private final ProducerConfig producer;

    /**
     * Replays dead letters of {@code producer}'s queue, over its partitions; a replay to another URL is checked against
     * the rules of a producer so configured (no producer, nor its connection to Redis, is needed).
     */
    public DeadLetterReplayer(Database database, RedissonClient redis, ProducerConfig producer) {
        this.jdbi = database.jdbi();
        this.queue = producer.queue();
        this.redisSide = new ReplayQueue(redis, queue, producer.partitions());
        this.producer = producer;
    }

    /**
     * Replays one dead letter, to its own URL or to {@code newUrl}.
     *
     * @throws InvalidMessageException when {@code newUrl} (or the job with it) breaks a producer rule; nothing changed
     */
    public ReplayOutcome replay(String messageId, Optional<String> newUrl) {
        return jdbi.inTransaction(h -> replayIn(h, messageId, newUrl));
    }

    private ReplayOutcome replayIn(Handle h, String id, Optional<String> newUrl) {
        Optional<Locked> row = h.createQuery(LOCK)
                .bind("id", id)
                .bind("queue", queue)
                .map((rs, ctx) -> new Locked(rs.getString("job"), rs.getString("url"), rs.getInt("attempts")))
                .findOne();
        if (row.isEmpty()) {
            return new NotFound(id);
        }
        Job job;
        try {
            job = JobCodec.decode(row.get().job());
        } catch (JobDecodingException e) {
            return new Refused(id, "the stored job cannot be decoded (" + e.getMessage() + "); delete it instead");
        }
        if (h.createQuery(DELIVERED).bind("id", id).mapTo(Boolean.class).one()) {
            return new Refused(
                    id,
                    "the message was delivered after this dead letter was written (a stale dead"
                            + " letter); delete it instead");
        }
        Job dead = job;
        if (newUrl.isPresent()) {
            job = withUrl(job, newUrl.get());
        }
        if (!job.endpointKey().equals(dead.endpointKey()) && redisSide.isLive(dead, id)) {
            return new Refused(id, "the message is still queued in Redis; replaying it would deliver it twice");
        }
        int soFar = h.createQuery(ATTEMPTS_SO_FAR)
                .bind("dead", row.get().attempts())
                .bind("id", id)
                .mapTo(Integer.class)
                .one();
        h.createUpdate(REVIVE)
                .bind("attempts", soFar)
                .bind("url", job.url().toString())
                .bind("id", id)
                .execute();
        h.createUpdate(DELETE).bind("id", id).execute();
        if (!redisSide.replay(job, soFar)) {
            h.rollback();
            return new Refused(id, "the message is still queued in Redis; replaying it would deliver it twice");
        }
        LOG.info("replayed dead letter {} to {}: next attempt is number {}", id, job.url(), soFar + 1);
        return new Replayed(id, job.url().toString(), soFar + 1);
    }

    /** The job with another URL, checked like a new message. */
    private Job withUrl(Job job, String url) {
        Message.Builder b =
                Message.builder(url).id(job.id()).payload(job.payload()).contentType(job.contentType());
        job.headers().forEach(b::header);
        job.retrySchedule().ifPresent(b::retrySchedule);
        if (!job.signingSecrets().isEmpty()) {
            b.signingSecrets(job.signingSecrets().stream().map(s -> s.encoded()).toList());
        }
        Validation.validate(b.build(), producer);
        return job.withUrl(URI.create(url));
    }
}
