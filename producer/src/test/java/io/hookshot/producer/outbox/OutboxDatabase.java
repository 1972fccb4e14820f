package io.hookshot.producer.outbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real databases the outbox is tested on: the tests' PostgreSQL (embedded, a schema of the test class's own) and
 * the machine's MariaDB at {@value #MARIADB_URL} (root, no password). A test skips, saying why, when MariaDB does not
 * answer. Each test uses a table name of its own ({@link #newTable()}), so tests never see each other's rows.
 */
enum OutboxDatabase {
    POSTGRESQL,
    MARIADB;

    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    static final String MARIADB_USER = "root";

    /** A data source on this database; for MariaDB, skips the test when it does not answer. */
    DataSource dataSource(TestServers servers) {
        return switch (this) {
            case POSTGRESQL -> {
                TestDatabase db = servers.database();
                PGSimpleDataSource ds = new PGSimpleDataSource();
                ds.setURL(db.jdbcUrl());
                ds.setUser(db.user());
                ds.setPassword(db.password());
                yield ds;
            }
            case MARIADB -> {
                MariaDbDataSource ds = new MariaDbDataSource();
                try {
                    ds.setUrl(MARIADB_URL + "?connectTimeout=2000");
                    ds.setUser(MARIADB_USER);
                    ds.setPassword("");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                assumeTrue(
                        answers(ds), "MariaDB does not answer at " + MARIADB_URL + " as root: MariaDB tests skipped");
                yield ds;
            }
        };
    }

    /** The JDBC URL, user and password a child process connects with. */
    String[] connection(TestServers servers) {
        return switch (this) {
            case POSTGRESQL -> {
                TestDatabase db = servers.database();
                yield new String[] {db.jdbcUrl(), db.user(), db.password()};
            }
            case MARIADB -> new String[] {MARIADB_URL, MARIADB_USER, ""};
        };
    }

    static String newTable() {
        return "outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates {@code table} on {@code ds}; returns an outbox on it. */
    static JdbcOutbox createdOn(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection()) {
            JdbcOutbox.createTableIfMissing(c, table);
        }
        return new JdbcOutbox(table);
    }

    /** Drops {@code table}, so that MariaDB's shared database does not fill with test tables. */
    static void drop(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection();
                var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private static boolean answers(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
