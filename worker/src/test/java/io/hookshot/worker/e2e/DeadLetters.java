package io.hookshot.worker.e2e;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dead letters written straight into a test queue's history, as the exporter would have archived them. */
final class DeadLetters {
    private DeadLetters() {
    }

    static String encodedJob(String id, String url) {
        return JobCodec.encode(new Job(new MessageId(id), URI.create(url), Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8), Job.DEFAULT_CONTENT_TYPE, Optional.empty(), Optional.empty(),
                List.of(), Instant.now()));
    }

    /** A message dead after three attempts, and its dead letter holding {@code job}. */
    static void insert(WorkerFixture queue, String id, String url, Instant diedAt, String job) {
        queue.database.jdbi().useHandle(h -> {
            h.execute("""
                    insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at, finished_at)
                    values (?, ?, ?, 'dead', 3, ?, ?, ?)
                    on conflict (id) do update set status = 'dead'""", id, queue.queue, url,
                    Timestamp.from(diedAt), Timestamp.from(diedAt), Timestamp.from(diedAt));
            h.execute("""
                    insert into hookshot_dead_letter (message_id, queue, url, reason, job, attempts, died_at)
                    values (?, ?, ?, 'exhausted', ?, 3, ?)""", id, queue.queue, url, job, Timestamp.from(diedAt));
        });
    }
}
