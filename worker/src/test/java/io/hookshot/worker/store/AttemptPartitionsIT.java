package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.MutableClock;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Creating attempt partitions ahead on a real Postgres, with a clock each test sets well past the days the schema's
 * migration created (so tests do not share days): what is created, twice, by two processes, and rows in DEFAULT.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttemptPartitionsIT {
    private Database database;

    @BeforeAll
    void migrate(TestServers servers) {
        database = MigratedDatabase.open(servers.database(), 4);
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void createsTodayAndTheDaysAheadOnceEach() {
        MutableClock clock = clockInDays(20);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<String> expected = IntStream.rangeClosed(0, DayPartitions.DAYS_AHEAD)
                .mapToObj(i -> DayPartitions.ATTEMPTS.dailyName(today.plusDays(i)))
                .toList();

        assertThat(createAhead(clock.instant())).containsExactlyElementsOf(expected);
        assertThat(createAhead(clock.instant())).as("a second run").isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(createAhead(clock.instant()))
                .containsExactly(DayPartitions.ATTEMPTS.dailyName(today.plusDays(DayPartitions.DAYS_AHEAD + 1)));
        assertThat(partitions()).containsAll(expected);
    }

    @Test
    void aMigratedSchemaCreatesThePartitionsAheadAgainOnlyWhenTheyAreDue() {
        String tomorrow =
                DayPartitions.ATTEMPTS.dailyName(LocalDate.now(ZoneOffset.UTC).plusDays(1));
        HistorySchema hourly = new HistorySchema(database, Duration.ofHours(1));
        HistorySchema always = new HistorySchema(database, Duration.ZERO);
        hourly.ensureCurrent();
        always.ensureCurrent();
        database.jdbi().useHandle(h -> h.execute("drop table " + tomorrow));

        hourly.ensureCurrent();
        assertThat(partitions()).as("not due yet").doesNotContain(tomorrow);
        always.ensureCurrent();
        assertThat(partitions()).as("due at each pass").contains(tomorrow);
    }

    @Test
    void movesADaysRowsOutOfDefaultBeforeCreatingItsPartition() {
        MutableClock clock = clockInDays(40);
        Instant soon = clock.instant().plus(Duration.ofDays(3));
        Instant later = clock.instant().plus(Duration.ofDays(DayPartitions.DAYS_AHEAD + 2));
        database.jdbi().useHandle(h -> {
            insert(h, "in_default_soon", soon);
            insert(h, "in_default_later", later);
        });
        assertThat(partitionOf("in_default_soon")).isEqualTo(DayPartitions.ATTEMPTS.defaultPartition());

        createAhead(clock.instant());

        assertThat(partitionOf("in_default_soon"))
                .isEqualTo(DayPartitions.ATTEMPTS.dailyName(LocalDate.ofInstant(soon, ZoneOffset.UTC)));
        assertThat(partitionOf("in_default_later"))
                .as("beyond the days created")
                .isEqualTo(DayPartitions.ATTEMPTS.defaultPartition());
        int rows;
        try (Handle h = database.jdbi().open()) {
            rows = h.createQuery("select count(*) from hookshot_attempt where message_id like 'in_default_%'")
                    .mapTo(Integer.class)
                    .one();
        }
        assertThat(rows).as("no row lost in the move").isEqualTo(2);
    }

    @Test
    void aProcessHoldingTheLockKeepsAnotherFromCreatingAndTwoAtOnceCreateEachDayOnce() throws Exception {
        MutableClock clock = clockInDays(60);
        try (Handle holder = database.jdbi().open()) {
            holder.createQuery("select pg_advisory_lock(:k)")
                    .bind("k", DayPartitions.LOCK_KEY)
                    .mapToMap()
                    .one();
            assertThat(createAheadLocked(clock.instant())).isFalse();
            assertThat(partitions())
                    .doesNotContain(
                            DayPartitions.ATTEMPTS.dailyName(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
            holder.createQuery("select pg_advisory_unlock(:k)")
                    .bind("k", DayPartitions.LOCK_KEY)
                    .mapToMap()
                    .one();
        }
        Callable<Boolean> locked = () -> createAheadLocked(clock.instant());
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = two.submit(locked);
            Future<Boolean> b = two.submit(locked);
            assertThat(List.of(a.get(), b.get()))
                    .as("one created them; the other skipped (lock held) or found them made")
                    .contains(true);
        } finally {
            two.shutdownNow();
        }
        assertThat(partitions())
                .filteredOn(p -> p.startsWith(
                        DayPartitions.ATTEMPTS.dailyName(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))))
                .hasSize(1);
        assertThat(createAhead(clock.instant())).as("nothing left to create").isEmpty();
    }

    @Test
    void namesOnlyDailyPartitionsByTheirDay() {
        assertThat(DayPartitions.ATTEMPTS.dayOf("hookshot_attempt_p20261204")).contains(LocalDate.of(2026, 12, 4));
        assertThat(DayPartitions.ATTEMPTS.dayOf(DayPartitions.ATTEMPTS.legacy()))
                .isEmpty();
        assertThat(DayPartitions.ATTEMPTS.dayOf(DayPartitions.ATTEMPTS.defaultPartition()))
                .isEmpty();
        assertThat(DayPartitions.ATTEMPTS.dailyName(LocalDate.of(2027, 1, 9))).isEqualTo("hookshot_attempt_p20270109");
    }

    private List<String> createAhead(Instant now) {
        try (Handle h = database.jdbi().open()) {
            return DayPartitions.ATTEMPTS.createAhead(h, now);
        }
    }

    private boolean createAheadLocked(Instant now) {
        try (Handle h = database.jdbi().open()) {
            return DayPartitions.createAllAheadLocked(h, now);
        }
    }

    private List<String> partitions() {
        try (Handle h = database.jdbi().open()) {
            return DayPartitions.ATTEMPTS.partitions(h);
        }
    }

    private static MutableClock clockInDays(int days) {
        return new MutableClock(Instant.now().plus(Duration.ofDays(days)));
    }

    private static void insert(Handle h, String id, Instant started) {
        h.execute("""
                insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, outcome)
                values (?, 1, ?, 5, 'https://x.example.com/', 'delivered')""", id, started.atOffset(ZoneOffset.UTC));
    }

    private String partitionOf(String id) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "select tableoid::regclass::text from hookshot_attempt where message_id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
    }
}
