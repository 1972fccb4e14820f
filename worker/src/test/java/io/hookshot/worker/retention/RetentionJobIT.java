package io.hookshot.worker.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.MigratedDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention on a real Postgres with a fixed clock: old rows go in batches, newer ones stay, one run at a time. */
@ExtendWith(RealServers.class)
class RetentionJobIT {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration DEAD_LETTERS = Duration.ofDays(30);
    private static final Duration HISTORY = Duration.ofDays(90);

    private Database database;

    @BeforeEach
    void setUp(TestServers servers) {
        database = MigratedDatabase.open(servers.database(), 3);
        database.jdbi()
                .useHandle(h ->
                        h.execute("truncate hookshot_message, hookshot_attempt, hookshot_dead_letter, hookshot_event"));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private RetentionJob job(int batchSize) {
        return new RetentionJob(database, DEAD_LETTERS, HISTORY, batchSize, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void deletesOnlyRowsOlderThanTheirRetentionInBatches() {
        for (int i = 0; i < 5; i++) {
            deadLetter("old_dl_" + i, NOW.minus(DEAD_LETTERS).minusSeconds(60 + i));
            finished("old_msg_" + i, "delivered", NOW.minus(HISTORY).minusSeconds(60 + i), 2);
        }
        deadLetter("new_dl", NOW.minus(DEAD_LETTERS).plusSeconds(60));
        finished("new_msg", "delivered", NOW.minus(HISTORY).plusSeconds(60), 2);
        finished("old_but_live", "retrying", NOW.minus(HISTORY).minusSeconds(60), 1);
        finished("old_dead_still_archived", "dead", NOW.minus(HISTORY).minusSeconds(60), 1);
        deadLetter("old_dead_still_archived", NOW.minus(Duration.ofDays(1)));

        RetentionJob.Result result = job(2).runOnce();

        assertThat(result.skipped()).isFalse();
        assertThat(result.deadLetters()).isEqualTo(5);
        assertThat(result.messages()).isEqualTo(5);
        assertThat(result.attempts())
                .as("attempts go by their start, whatever their message: the 5 old messages' 10, the 2 kept ones' 2")
                .isEqualTo(12);
        assertThat(ids("select message_id from hookshot_dead_letter"))
                .containsExactlyInAnyOrder("new_dl", "old_dead_still_archived");
        assertThat(ids("select id from hookshot_message"))
                .containsExactlyInAnyOrder("new_msg", "old_but_live", "old_dead_still_archived");
        assertThat(ids("select distinct message_id from hookshot_attempt")).containsExactly("new_msg");
        assertThat(job(2).runOnce()).isEqualTo(new RetentionJob.Result(false, 0, 0, 0, 0, 0));
    }

    @Test
    void aRunSkipsWhileAnotherProcessHoldsTheLock() {
        deadLetter("old_dl", NOW.minus(DEAD_LETTERS).minusSeconds(60));
        try (Handle other = database.jdbi().open()) {
            assertThat(other.createQuery("select pg_try_advisory_lock(:k)")
                            .bind("k", RetentionJob.LOCK_KEY)
                            .mapTo(Boolean.class)
                            .one())
                    .isTrue();
            assertThat(job(10).runOnce().skipped()).isTrue();
            assertThat(ids("select message_id from hookshot_dead_letter")).containsExactly("old_dl");
            other.createQuery("select pg_advisory_unlock(:k)")
                    .bind("k", RetentionJob.LOCK_KEY)
                    .mapTo(Boolean.class)
                    .one();
        }
        assertThat(job(10).runOnce().deadLetters()).isEqualTo(1);
    }

    @Test
    void deletesEventsCreatedBeforeTheHistoryRetention() {
        for (int i = 0; i < 3; i++) {
            event("evt_old_" + i, NOW.minus(HISTORY).minusSeconds(60 + i));
        }
        event("evt_new", NOW.minus(HISTORY).plusSeconds(60));

        assertThat(job(2).runOnce().events()).isEqualTo(3);
        assertThat(ids("select id from hookshot_event")).containsExactly("evt_new");
    }

    private void event(String id, Instant createdAt) {
        database.jdbi().useHandle(h -> h.execute("""
                insert into hookshot_event (id, queue, tenant, event_type, payload, created_at, endpoints,
                                            fanned_out_at)
                values (?, 'q', 'acme', 'a.b', '{}', ?, 0, ?)""", id, Timestamp.from(createdAt), Timestamp.from(createdAt)));
    }

    private java.util.List<String> ids(String sql) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private void deadLetter(String id, Instant diedAt) {
        database.jdbi().useHandle(h -> h.execute("""
                insert into hookshot_dead_letter (message_id, queue, url, reason, job, attempts, died_at)
                values (?, 'q', 'http://x/', 'exhausted', '{}', 3, ?)""", id, Timestamp.from(diedAt)));
    }

    private void finished(String id, String status, Instant at, int attempts) {
        boolean done = status.equals("delivered") || status.equals("dead");
        database.jdbi().useHandle(h -> {
            h.execute(
                    """
                    insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at, finished_at)
                    values (?, 'q', 'http://x/', ?, ?, ?, ?, ?)""",
                    id,
                    status,
                    attempts,
                    Timestamp.from(at),
                    Timestamp.from(at),
                    done ? Timestamp.from(at) : null);
            for (int n = 1; n <= attempts; n++) {
                h.execute("""
                        insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, outcome)
                        values (?, ?, ?, 1, 'http://x/', 'retrying')""", id, n, Timestamp.from(at));
            }
        });
    }
}
