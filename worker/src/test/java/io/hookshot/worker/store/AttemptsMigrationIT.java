package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V8 on a database holding data: migrated to V7, filled with messages and attempts on several days (one two days
 * ahead, one a month ahead), read, migrated to V8 (with the partitions created at start), read again.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttemptsMigrationIT {
    private static final String QUEUE = "orders";
    private static final String ATTEMPT_ROWS = """
            select message_id, attempt, started_at, duration_ms, url, status_code, error_class, error_message,
                   response_headers::text, response_body, worker_id, outcome
              from hookshot_attempt order by message_id, attempt""";
    private static final String COMMENTS = """
            select a.attname || ': ' || coalesce(col_description(a.attrelid, a.attnum), '(none)')
              from pg_attribute a where a.attrelid = 'hookshot_attempt'::regclass and a.attnum > 0
             order by a.attnum""";

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    private Database database;
    private HistorySearch search;
    private HistoryStore store;
    private int applied;
    private List<Map<String, Object>> rowsBefore;
    private List<String> commentsBefore;
    private List<List<String>> searchesBefore;
    private List<String> attemptsBefore;

    @BeforeAll
    void migrateAFilledV7(TestServers servers) {
        database = MigratedDatabase.atVersion(servers.database(), "7");
        search = new HistorySearch(database, QUEUE);
        store = new HistoryStore(database, QUEUE);
        database.jdbi().useHandle(h -> {
            message(h, "m_old", "https://a.example.com/hook", "delivered", now.minus(Duration.ofDays(40)));
            attempt(h, "m_old", 1, now.minus(Duration.ofDays(40)));
            attempt(h, "m_old", 2, now.minus(Duration.ofDays(3)));
            message(h, "m_today", "https://b.example.com/hook", "retrying", now.minus(Duration.ofHours(1)));
            attempt(h, "m_today", 1, now.minus(Duration.ofDays(1)));
            attempt(h, "m_today", 2, now);
            message(h, "m_soon", "https://b.example.com/hook", "retrying", now);
            attempt(h, "m_soon", 1, now.plus(Duration.ofDays(2)));
            message(h, "m_far", "https://c.example.com/hook", "dead", now);
            attempt(h, "m_far", 1, now.plus(Duration.ofDays(30)));
        });
        rowsBefore = rows(ATTEMPT_ROWS);
        commentsBefore = strings(COMMENTS);
        searchesBefore = searches();
        attemptsBefore = attemptsOfEach();
        applied = database.migrate();
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void keepsEveryRowEachInThePartitionOfItsDay() {
        assertThat(applied).as("V8 and V9").isEqualTo(2);
        assertThat(rows(ATTEMPT_ROWS)).hasSize(6).isEqualTo(rowsBefore);
        assertThat(partitionOf("m_old", 1)).isEqualTo(DayPartitions.ATTEMPTS.legacy());
        assertThat(partitionOf("m_today", 2)).isEqualTo(DayPartitions.ATTEMPTS.legacy());
        assertThat(partitionOf("m_soon", 1))
                .as("moved out of DEFAULT when the partitions ahead were created")
                .isEqualTo(DayPartitions.ATTEMPTS.dailyName(today.plusDays(2)));
        assertThat(partitionOf("m_far", 1)).isEqualTo(DayPartitions.ATTEMPTS.defaultPartition());
        List<String> partitions;
        try (Handle h = database.jdbi().open()) {
            partitions = DayPartitions.ATTEMPTS.partitions(h);
        }
        assertThat(partitions)
                .contains(DayPartitions.ATTEMPTS.dailyName(today.plusDays(DayPartitions.DAYS_AHEAD)))
                .doesNotContain(DayPartitions.ATTEMPTS.dailyName(today));
    }

    @Test
    void keepsTheColumnCommentsAndTheStartedAtIndexOnEveryPartition() {
        assertThat(strings(COMMENTS)).isEqualTo(commentsBefore).noneMatch(c -> c.endsWith("(none)"));
        assertThat(strings("select indexrelid::regclass::text from pg_index"
                        + " where indrelid = 'hookshot_attempt'::regclass and not indisprimary"))
                .containsExactly("hookshot_attempt_started");
        assertThat(strings("""
                        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                         where i.inhparent = 'hookshot_attempt'::regclass
                           and (select count(*) from pg_index x where x.indrelid = c.oid) <> 2"""))
                .as("partitions without both the primary key and the started_at index")
                .isEmpty();
    }

    @Test
    void searchesAnswerAsBefore() {
        assertThat(searches()).isEqualTo(searchesBefore);
        assertThat(attemptsOfEach()).isEqualTo(attemptsBefore);
        assertThat(search.lastAttemptAt("m_today")).contains(now);
    }

    @Test
    void thePrimaryKeyRejectsADuplicateAndOnConflictAbsorbsIt() {
        database.jdbi().useHandle(h -> {
            assertThatThrownBy(() -> attempt(h, "m_old", 1, now.minus(Duration.ofDays(40))))
                    .hasMessageContaining("hookshot_attempt_legacy_pkey");
            assertThatThrownBy(() -> attempt(h, "m_far", 1, now.plus(Duration.ofDays(30))))
                    .hasMessageContaining("duplicate key");
            assertThat(h.execute(
                            insertAttempt("on conflict (message_id, attempt, started_at) do nothing"),
                            "m_soon",
                            1,
                            now.plus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC)))
                    .isZero();
            assertThatThrownBy(() -> h.execute(
                            insertAttempt("on conflict (message_id, attempt) do nothing"),
                            "m_old",
                            1,
                            now.atOffset(ZoneOffset.UTC)))
                    .as("an exporter of the previous release")
                    .hasMessageContaining("no unique or exclusion constraint matching");
        });
        assertThat(rows(ATTEMPT_ROWS)).isEqualTo(rowsBefore);
    }

    private List<List<String>> searches() {
        List<SearchFilter> filters = List.of(
                SearchFilter.all(),
                filter(Optional.of(MessageStatus.RETRYING), Optional.empty(), Optional.empty()),
                filter(Optional.empty(), Optional.of("https://b.example.com/hook"), Optional.empty()),
                filter(Optional.empty(), Optional.empty(), Optional.of(now.minus(Duration.ofDays(2)))));
        List<List<String>> answers = new ArrayList<>();
        for (SearchFilter f : filters) {
            answers.add(search.messages(f).items().stream()
                    .map(m -> m.id() + " " + m.status() + " " + m.url())
                    .toList());
        }
        assertThat(answers.get(1))
                .containsExactlyInAnyOrder(
                        "m_today RETRYING https://b.example.com/hook", "m_soon RETRYING https://b.example.com/hook");
        return answers;
    }

    private static SearchFilter filter(Optional<MessageStatus> status, Optional<String> url, Optional<Instant> since) {
        return new SearchFilter(status, url, since, Optional.empty(), 50, Optional.empty());
    }

    private List<String> attemptsOfEach() {
        return List.of("m_old", "m_today", "m_soon", "m_far").stream()
                .flatMap(id -> store.attempts(id).stream())
                .map(a -> a.messageId() + "#" + a.attempt() + "@" + a.startedAt())
                .toList();
    }

    private String partitionOf(String id, int attempt) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("select tableoid::regclass::text from hookshot_attempt"
                                + " where message_id = :id and attempt = :n")
                        .bind("id", id)
                        .bind("n", attempt)
                        .mapTo(String.class)
                        .one());
    }

    private static String insertAttempt(String conflict) {
        return "insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, outcome)"
                + " values (?, ?, ?, 5, 'https://x.example.com/', 'retrying') " + conflict;
    }

    private void message(Handle h, String id, String url, String status, Instant created) {
        h.execute("""
                insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at)
                values (?, ?, ?, ?, 1, ?, ?)""", id, QUEUE, url, status, created.atOffset(ZoneOffset.UTC), created.atOffset(ZoneOffset.UTC));
    }

    private static void attempt(Handle h, String id, int n, Instant started) {
        OffsetDateTime at = started.atOffset(ZoneOffset.UTC);
        h.execute("""
                insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, status_code,
                                              response_headers, outcome)
                values (?, ?, ?, 12, 'https://x.example.com/', 503, '{"retry-after": "5"}', 'retrying')""", id, n, at);
    }

    private List<Map<String, Object>> rows(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    private List<String> strings(String sql) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
}
