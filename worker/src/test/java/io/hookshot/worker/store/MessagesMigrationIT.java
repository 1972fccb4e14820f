package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.AttemptRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V9 on a database holding data: migrated to V8, filled with messages (one whose row is keyed by the time of its first
 * record, not its creation time, as the exporter stored a message whose attempt came before its acceptance; one two
 * days ahead) and events, read, migrated to V9, read again, then written to by the exporter with records of this
 * release and of the previous one.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagesMigrationIT {
    private static final String QUEUE = "orders";
    private static final String URL = "https://a.example.com/hook";
    private static final String MESSAGE_ROWS = "select * from hookshot_message order by id";
    private static final String EVENT_ROWS = """
            select id, queue, tenant, event_type, payload, channels::text, idempotency_key, created_at, endpoints,
                   fanned_out_at
              from hookshot_event order by id""";

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    private final Instant tomorrow =
            today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** The creation time of m_first_seen's job; its row was keyed 3 s later, by its first record. */
    private final Instant jobCreated = now.minus(Duration.ofHours(1));

    private Database database;
    private HistoryStore store;
    private int applied;
    private List<Map<String, Object>> messagesBefore;
    private List<Map<String, Object>> eventsBefore;
    private List<String> searchesBefore;
    private List<Map<String, Object>> messagesAfter;
    private List<Map<String, Object>> eventsAfter;
    private List<String> searchesAfter;

    @BeforeAll
    void migrateAFilledV8(TestServers servers) {
        database = MigratedDatabase.atVersion(servers.database(), "8");
        store = new HistoryStore(database, QUEUE);
        database.jdbi().useHandle(h -> {
            message(h, "m_old", "delivered", now.minus(Duration.ofDays(40)));
            message(h, "m_first_seen", "retrying", jobCreated.plusSeconds(3));
            message(h, "m_live", "retrying", now.minus(Duration.ofHours(2)));
            message(h, "m_soon", "pending", now.plus(Duration.ofDays(2)));
            event(h, "evt_old", now.minus(Duration.ofDays(40)));
            event(h, "evt_soon", now.plus(Duration.ofDays(2)));
        });
        messagesBefore = rows(MESSAGE_ROWS);
        eventsBefore = rows(EVENT_ROWS);
        searchesBefore = searches();
        applied = database.migrate();
        messagesAfter = rows(MESSAGE_ROWS);
        eventsAfter = rows(EVENT_ROWS);
        searchesAfter = searches();
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void keepsEveryRowEachInThePartitionOfItsDay() {
        assertThat(applied).isEqualTo(1);
        assertThat(messagesAfter).hasSize(4).isEqualTo(messagesBefore);
        assertThat(eventsAfter).hasSize(2).isEqualTo(eventsBefore);
        assertThat(partitionOf("hookshot_message", "m_old")).isEqualTo(DayPartitions.MESSAGES.legacy());
        assertThat(partitionOf("hookshot_message", "m_soon"))
                .as("moved out of DEFAULT when the partitions ahead were created")
                .isEqualTo(DayPartitions.MESSAGES.dailyName(today.plusDays(2)));
        assertThat(partitionOf("hookshot_event", "evt_old")).isEqualTo(DayPartitions.EVENTS.legacy());
        assertThat(partitionOf("hookshot_event", "evt_soon"))
                .isEqualTo(DayPartitions.EVENTS.dailyName(today.plusDays(2)));
        assertThat(searchesAfter).isEqualTo(searchesBefore);
        assertThat(database.jdbi().withHandle(MessageKeys::partitionedFrom)).contains(tomorrow);
    }

    @Test
    void everyPartitionHasEveryIndex() {
        for (DayPartitions table : List.of(DayPartitions.MESSAGES, DayPartitions.EVENTS)) {
            int onParent =
                    strings("select count(*)::text from pg_index where indrelid = '" + table.parent() + "'::regclass")
                            .stream()
                            .mapToInt(Integer::parseInt)
                            .sum();
            assertThat(onParent).as(table.parent()).isGreaterThan(2);
            assertThat(strings("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                            + " where i.inhparent = '" + table.parent() + "'::regclass"
                            + " and (select count(*) from pg_index x where x.indrelid = c.oid) <> " + onParent))
                    .as("partitions of %s without all %d indexes", table.parent(), onParent)
                    .isEmpty();
        }
    }

    @Test
    void recordsOfStoredMessagesFindTheirRowsWhateverKeyTheRowHas() {
        Entries previousRelease = new Entries(QUEUE);
        AttemptRecord ok = new AttemptRecord(URL, now.toEpochMilli(), 30, 200, null, null, Map.of(), "", "w");
        store.write(List.of(
                Entries.created(
                        previousRelease.attempt("m_first_seen", 2, MessageStatus.DELIVERED, ok, now.toEpochMilli()),
                        jobCreated.toEpochMilli()),
                previousRelease.attempt("m_live", 2, MessageStatus.DELIVERED, ok, now.toEpochMilli())));

        assertThat(count("m_first_seen"))
                .as("the record's creation time differs from the stored key")
                .isEqualTo(1);
        assertThat(count("m_live")).as("a record without creation time").isEqualTo(1);
        assertThat(store.findMessage("m_first_seen").orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(store.findMessage("m_live").orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(store.attempts("m_first_seen")).hasSize(1);
    }

    @Test
    void aMessageCreatedAfterTheMigrationDayIsKeyedByItsCreationTime() {
        Entries current = new Entries(QUEUE);
        long created = tomorrow.plus(Duration.ofHours(1)).toEpochMilli();
        AttemptRecord ok = new AttemptRecord(URL, created + 10, 30, 200, null, null, Map.of(), "", "w");
        store.write(List.of(current.accepted("m_new", URL, created, created, created)));
        store.write(List.of(current.attempt("m_new", 1, MessageStatus.DELIVERED, ok, created + 50)));

        assertThat(count("m_new")).isEqualTo(1);
        assertThat(partitionOf("hookshot_message", "m_new"))
                .isEqualTo(DayPartitions.MESSAGES.dailyName(today.plusDays(1)));
        assertThat(store.findMessage("m_new").orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    }

    private List<String> searches() {
        HistorySearch search = new HistorySearch(database, QUEUE);
        return List.of(SearchFilter.all()).stream()
                .flatMap(f -> search.messages(f).items().stream())
                .map(m -> m.id() + " " + m.status() + " " + m.createdAt())
                .toList();
    }

    private long count(String id) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("select count(*) from hookshot_message where id = :id")
                        .bind("id", id)
                        .mapTo(Long.class)
                        .one());
    }

    private String partitionOf(String table, String id) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("select tableoid::regclass::text from " + table + " where id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
    }

    private static void message(Handle h, String id, String status, Instant created) {
        h.execute("""
                insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at)
                values (?, ?, ?, ?, 1, ?, ?)""", id, QUEUE, URL, status, created.atOffset(ZoneOffset.UTC), created.atOffset(ZoneOffset.UTC));
    }

    private static void event(Handle h, String id, Instant created) {
        h.execute("""
                insert into hookshot_event (id, queue, tenant, event_type, payload, created_at, endpoints,
                                            fanned_out_at)
                values (?, ?, 'acme', 'invoice.paid', '{}', ?, 1, ?)""", id, QUEUE, created.atOffset(ZoneOffset.UTC), created.atOffset(ZoneOffset.UTC));
    }

    private List<Map<String, Object>> rows(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    private List<String> strings(String sql) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }
}
