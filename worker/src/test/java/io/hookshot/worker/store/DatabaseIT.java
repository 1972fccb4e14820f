package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseIT {
    private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    private static final List<String> TABLES = List.of(
            "hookshot_message",
            "hookshot_attempt",
            "hookshot_dead_letter",
            "hookshot_event_type",
            "hookshot_tenant",
            "hookshot_endpoint",
            "hookshot_endpoint_secret",
            "hookshot_event");

    private TestDatabase testDatabase;
    private Database database;
    private int firstMigrations;

    @BeforeAll
    void migrate(TestServers servers) {
        testDatabase = servers.database();
        database = new Database(testDatabase.jdbcUrl(), testDatabase.user(), testDatabase.password(), 2);
        firstMigrations = database.migrate();
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void migratingTwiceAppliesNothingTheSecondTime() throws IOException {
        assertThat(firstMigrations).isEqualTo(migrationFiles().size());
        assertThat(database.migrate()).isZero();
    }

    @Test
    void createsTheTablesInTheSchemaTheUrlNames() throws IOException {
        List<String> inTestSchema = tablesIn(testDatabase.schema());
        assertThat(inTestSchema).containsAll(TABLES).contains("flyway_schema_history");
        List<String> applied = database.jdbi()
                .withHandle(h -> h.createQuery(
                                "select script from " + testDatabase.schema() + ".flyway_schema_history where success")
                        .mapTo(String.class)
                        .list());
        assertThat(applied)
                .as("every migration recorded in the schema the URL names")
                .containsExactlyInAnyOrderElementsOf(migrationFiles());
    }

    @Test
    void aSearchByUrlCanUseTheBTreeIndexOnItsHash() {
        String plan = database.jdbi().withHandle(h -> {
            h.execute("set enable_seqscan = off");
            try {
                return String.join(
                        "\n",
                        h.createQuery(
                                        "explain select id from hookshot_message"
                                                + " where md5(url) = md5('http://127.0.0.1/hook') and url = 'http://127.0.0.1/hook'")
                                .mapTo(String.class)
                                .list());
            } finally {
                h.execute("reset enable_seqscan");
            }
        });
        assertThat(plan)
                .as("every partition searched through its copy of hookshot_message_url_md5")
                .contains("Index Cond: (md5(url)")
                .doesNotContain("Seq Scan");
        String method = database.jdbi()
                .withHandle(h -> h.createQuery("""
                        select am.amname from pg_class c join pg_am am on am.oid = c.relam
                         where c.relname = 'hookshot_message_url_md5'
                           and c.relnamespace = cast(:schema as regnamespace)""")
                        .bind("schema", testDatabase.schema())
                        .mapTo(String.class)
                        .one());
        assertThat(method)
                .as("a hash index slows every insert as one URL gathers rows")
                .isEqualTo("btree");
    }

    private static List<String> migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .toList();
        }
    }

    @Test
    void documentsEveryTableAndColumn() {
        List<String> undocumented = database.jdbi()
                .withHandle(h -> h.createQuery("""
                        select c.relname || coalesce('.' || a.attname, '')
                        from pg_class c
                        join pg_namespace n on n.oid = c.relnamespace
                        left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                        where n.nspname = :schema and c.relkind in ('r', 'p') and not c.relispartition
                          and c.relname like 'hookshot\\_%'
                          and (obj_description(c.oid, 'pg_class') is null
                               or col_description(c.oid, a.attnum) is null)""")
                        .bind("schema", testDatabase.schema())
                        .mapTo(String.class)
                        .list());
        long commentedColumns = database.jdbi()
                .withHandle(h -> h.createQuery("""
                        select count(*) from pg_description d
                        join pg_class c on c.oid = d.objoid
                        join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = :schema and d.objsubid > 0""")
                        .bind("schema", testDatabase.schema())
                        .mapTo(Long.class)
                        .one());

        assertThat(undocumented).isEmpty();
        // V1: message, attempt, dead letter; V6: event type, tenant, endpoint, secret; V7: message +4, event 10;
        // V8: the partitioned attempt table's 12 (copied), beside those the legacy partition keeps (partitions are
        // documented by their parent); V9: likewise the message table's 15 and the event table's 10
        assertThat(commentedColumns).isEqualTo(11 + 12 + 8 + 6 + 4 + 13 + 4 + 4 + 10 + 12 + 15 + 10);
    }

    @Test
    void sendsBatchedUpsertsAsMultiRowInserts() {
        // The driver reports SUCCESS_NO_INFO (-2) for every row it sent in a multi-row insert. It cuts a batch into
        // statements of power-of-two row counts (4 rows: one statement; 3 rows: 2 + 1, and the single row says 1).
        int[] counts = database.jdbi().inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    insert into hookshot_dead_letter (message_id, queue, url, reason, job, attempts, died_at)
                    values (:id, 'q', 'https://example.com/', 'probe', '{}', cast(:n as int), :at)
                    on conflict (message_id) do nothing""");
            for (int i = 0; i < 4; i++) {
                batch.bind("id", "probe-" + i)
                        .bind("n", i)
                        .bind("at", Instant.now())
                        .add();
            }
            int[] result = batch.execute();
            h.rollback();
            return result;
        });
        assertThat(counts).containsOnly(-2);
    }

    private List<String> tablesIn(String schema) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "select table_name from information_schema.tables where table_schema = :schema")
                        .bind("schema", schema)
                        .mapTo(String.class)
                        .list());
    }
}
