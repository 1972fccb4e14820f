package io.hookshot.worker.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.MutableClock;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.DayPartitions;
import io.hookshot.worker.store.MigratedDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention by partition: whole days dropped once they ended before the cutoff (the legacy partition too), younger
 * ones kept, old rows of DEFAULT deleted, the partitions ahead created; a dropped day's live messages and those with
 * an archived dead letter kept in DEFAULT. The clock starts ten days after the
 * migration's day and is moved past the history retention.
 */
@ExtendWith(RealServers.class)
class RetentionPartitionsIT {
    private static final Duration HISTORY = Duration.ofDays(90);

    private Database database;
    private MutableClock clock;
    private Instant t0;

    @BeforeEach
    void setUp(TestServers servers) {
        database = MigratedDatabase.open(servers.database(), 2);
        t0 = Instant.now().plus(Duration.ofDays(10));
        clock = new MutableClock(t0);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void dropsWholeExpiredDaysKeepsYoungerOnesAndDeletesOldDefaultRows() {
        database.jdbi().useHandle(h -> {
            DayPartitions.ATTEMPTS.createAhead(h, t0);
            insert(h, "in_legacy", Instant.now().minus(Duration.ofHours(1)));
            insert(h, "day_t0", t0);
            insert(h, "day_t5", t0.plus(Duration.ofDays(5)));
            insert(h, "default_old", t0.minus(Duration.ofDays(2)));
            insert(h, "default_young", t0.plus(Duration.ofDays(DayPartitions.DAYS_AHEAD + 2)));
        });
        List<String> before = partitions();
        assertThat(before).contains("hookshot_attempt_legacy", daily(t0), daily(t0.plus(Duration.ofDays(5))));

        clock.advance(HISTORY.plus(Duration.ofDays(3)));
        RetentionJob.Result result = job().runOnce();

        int attemptPartitionsDropped = 1 + DayPartitions.DAYS_AHEAD + 3;
        assertThat(result.partitions())
                .as("attempts: legacy, the 7 days created at migration, and days t0 to t0 + 2;"
                        + " messages and events: legacy and the 7 days created at migration")
                .isEqualTo(attemptPartitionsDropped + 2 * (1 + DayPartitions.DAYS_AHEAD));
        assertThat(result.attempts()).as("default_old").isEqualTo(1);
        List<String> after = partitions();
        assertThat(after)
                .doesNotContain("hookshot_attempt_legacy", daily(t0), daily(t0.plus(Duration.ofDays(2))))
                .contains(daily(t0.plus(Duration.ofDays(3))), daily(t0.plus(Duration.ofDays(5))))
                .contains(daily(clock.instant()), daily(clock.instant().plus(Duration.ofDays(7))));
        assertThat(after).hasSize(before.size() - attemptPartitionsDropped + DayPartitions.DAYS_AHEAD + 1);
        List<String> left;
        try (Handle h = database.jdbi().open()) {
            left = h.createQuery("select message_id from hookshot_attempt")
                    .mapTo(String.class)
                    .list();
        }
        assertThat(left).containsExactlyInAnyOrder("day_t5", "default_young");
        assertThat(job().runOnce()).isEqualTo(new RetentionJob.Result(false, 0, 0, 0, 0, 0));
    }

    @Test
    void dropsExpiredDaysOfMessagesButKeepsLiveOnesAndThoseWithAnArchivedDeadLetter() {
        Instant day = t0.plus(Duration.ofDays(1));
        database.jdbi().useHandle(h -> {
            DayPartitions.MESSAGES.createAhead(h, t0);
            message(h, "delivered", "delivered", day);
            message(h, "retrying", "retrying", day);
            message(h, "dead_archived", "dead", day);
            message(h, "dead_gone", "dead", day);
            h.execute("""
                    insert into hookshot_dead_letter (message_id, queue, url, reason, job, attempts, died_at)
                    values ('dead_archived', 'q', 'https://x.example.com/', 'exhausted', '{}', 1, ?)""", clock.instant().plus(HISTORY).atOffset(ZoneOffset.UTC));
        });

        clock.advance(HISTORY.plus(Duration.ofDays(3)));
        job().runOnce();

        assertThat(messagePartitions()).doesNotContain("hookshot_message_p" + compact(day));
        assertThat(messages())
                .as("live and archived: kept, in DEFAULT")
                .containsExactlyInAnyOrder(
                        "retrying hookshot_message_default", "dead_archived hookshot_message_default");

        database.jdbi()
                .useHandle(h -> h.execute(
                        "update hookshot_message set status = 'delivered', finished_at = ?" + " where id = 'retrying'",
                        day.atOffset(ZoneOffset.UTC)));
        RetentionJob.Result result = job().runOnce();

        assertThat(result.messages())
                .as("finished long ago, deleted from DEFAULT")
                .isEqualTo(1);
        assertThat(messages()).containsExactly("dead_archived hookshot_message_default");
    }

    private List<String> messagePartitions() {
        try (Handle h = database.jdbi().open()) {
            return DayPartitions.MESSAGES.partitions(h);
        }
    }

    private List<String> messages() {
        try (Handle h = database.jdbi().open()) {
            return h.createQuery("select id || ' ' || tableoid::regclass::text from hookshot_message")
                    .mapTo(String.class)
                    .list();
        }
    }

    private static void message(Handle h, String id, String status, Instant created) {
        boolean finished = !status.equals("retrying");
        h.execute(
                """
                insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at, finished_at)
                values (?, 'q', 'https://x.example.com/', ?, 1, ?, ?, ?)""",
                id,
                status,
                created.atOffset(ZoneOffset.UTC),
                created.atOffset(ZoneOffset.UTC),
                finished ? created.atOffset(ZoneOffset.UTC) : null);
    }

    private static String compact(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString().replace("-", "");
    }

    private RetentionJob job() {
        return new RetentionJob(database, Duration.ofDays(30), HISTORY, 1000, clock);
    }

    private List<String> partitions() {
        try (Handle h = database.jdbi().open()) {
            return DayPartitions.ATTEMPTS.partitions(h);
        }
    }

    private static String daily(Instant at) {
        return "hookshot_attempt_p" + compact(at);
    }

    private static void insert(Handle h, String id, Instant started) {
        h.execute("""
                insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, outcome)
                values (?, 1, ?, 5, 'https://x.example.com/', 'delivered')""", id, started.atOffset(ZoneOffset.UTC));
    }
}
