package io.hookshot.producer.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One outbox table: its validated name and every SQL statement run on it, the one place they are written. The
 * statements are plain SQL that PostgreSQL and MariaDB (10.6+, for {@code SKIP LOCKED}) both run. Immutable and
 * thread-safe; each method runs on the connection it is given, in whatever transaction that connection is in.
 */
final class OutboxTable {
    static final int MAX_NAME_LENGTH = 63;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DDL_TABLE = "CREATE TABLE IF NOT EXISTS " + JdbcOutbox.DEFAULT_TABLE_NAME + " (";

    private final String name;
    private final String insert;
    private final String lock;
    private final String delete;
    private final String refuse;
    private final String waiting;

    OutboxTable(String name) {
        this.name = requireValidName(name);
        this.insert = "INSERT INTO " + name + " (kind, id, body, due_at) VALUES (?, ?, ?, ?)";
        this.lock = "SELECT seq, kind, id, body, due_at FROM " + name
                + " WHERE refused IS NULL ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED";
        this.delete = "DELETE FROM " + name + " WHERE seq = ?";
        this.refuse = "UPDATE " + name + " SET refused = ? WHERE seq = ?";
        this.waiting = "SELECT COUNT(*) FROM " + name + " WHERE refused IS NULL";
    }

    static String requireValidName(String name) {
        if (name == null
                || name.length() > MAX_NAME_LENGTH
                || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tableName must be 1 to " + MAX_NAME_LENGTH
                    + " letters, digits or '_', not starting with a digit, got '" + name + "'");
        }
        return name;
    }

    String name() {
        return name;
    }

    void insert(Connection c, OutboxRow.Kind kind, String id, String body, Long dueAtMs) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(insert)) {
            s.setString(1, kind.column());
            s.setString(2, id);
            s.setString(3, body);
            if (dueAtMs == null) {
                s.setNull(4, Types.BIGINT);
            } else {
                s.setLong(4, dueAtMs);
            }
            s.executeUpdate();
        }
    }

    /** Locks and returns up to {@code limit} waiting rows in insert order, skipping rows other relays hold. */
    List<OutboxRow> lockBatch(Connection c, int limit) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>(limit);
        try (PreparedStatement s = c.prepareStatement(lock)) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long due = r.getLong(5);
                    rows.add(new OutboxRow(
                            r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.wasNull() ? null : due));
                }
            }
        }
        return rows;
    }

    void delete(Connection c, List<OutboxRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(delete)) {
            for (OutboxRow row : rows) {
                s.setLong(1, row.seq());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    void refuse(Connection c, Map<OutboxRow, String> reasons) throws SQLException {
        if (reasons.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(refuse)) {
            for (Map.Entry<OutboxRow, String> e : reasons.entrySet()) {
                s.setString(1, e.getValue());
                s.setLong(2, e.getKey().seq());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    long waiting(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(waiting)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Creates the table unless it exists, from the DDL resource of the connection's database. */
    void create(Connection c) throws SQLException {
        String ddl = ddlFor(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
            s.execute(ddl.replace(DDL_TABLE, "CREATE TABLE IF NOT EXISTS " + name + " ("));
        }
    }

    /** The shipped DDL for a database product name (as JDBC metadata gives it). */
    static String ddlFor(String product) throws SQLException {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        String resource;
        if (p.contains("postgres")) {
            resource = "postgresql.sql";
        } else if (p.contains("mariadb") || p.contains("mysql")) {
            resource = "mariadb.sql";
        } else {
            throw new SQLException("the outbox table ships for PostgreSQL and MariaDB (or MySQL), not " + product
                    + ": create it from io/hookshot/producer/outbox/postgresql.sql as a template");
        }
        try (InputStream in = OutboxTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource io/hookshot/producer/outbox/" + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
