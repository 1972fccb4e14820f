package io.hookshot.producer.outbox;

import io.hookshot.common.MessageId;
import io.hookshot.common.events.EventId;
import io.hookshot.producer.Event;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.InvalidEventException;
import io.hookshot.producer.InvalidMessageException;
import io.hookshot.producer.Message;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.Validation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The transactional outbox: {@link #send} and {@link #publish} store a message or an event as a row of the outbox
 * table, on the application's own JDBC {@link Connection}, in whatever transaction that connection is in (a Jdbi
 * handle's, a Spring transaction's, a JPA one's). The row commits or rolls back with the application's own writes;
 * an {@link OutboxRelay} moves committed rows to Redis and deletes them. So a rolled-back transaction never sends,
 * and a committed one always does. With auto-commit on, the row commits on its own.
 *
 * <p>The id is the message's (or event's) own, fixed when it was built and stored with it: the relay enqueues it
 * under that id, so the id returned here is the one the queue, the history and the receiver's {@code webhook-id}
 * show. The table's DDL ships as {@code io/hookshot/producer/outbox/postgresql.sql} and {@code mariadb.sql};
 * {@link #createTableIfMissing} runs the one for the connection's database.
 *
 * <p>Stateless and thread-safe: share one.
 */
public final class JdbcOutbox {
    /** The table {@link #JdbcOutbox()} uses. */
    public static final String DEFAULT_TABLE_NAME = "hookshot_outbox";

    private final OutboxTable table;
    private final Clock clock = Clock.systemUTC();

    /** An outbox on the table {@value #DEFAULT_TABLE_NAME}. */
    public JdbcOutbox() {
        this(DEFAULT_TABLE_NAME);
    }

    /**
     * An outbox on {@code tableName}: 1 to 63 letters, digits or {@code _}, not starting with a digit.
     *
     * @throws IllegalArgumentException naming {@code tableName} when it is not such a name
     */
    public JdbcOutbox(String tableName) {
        this.table = new OutboxTable(tableName);
    }

    /**
     * Checks {@code message} as {@link HookshotProducer#send} does (with the default payload limit,
     * {@link ProducerConfig#DEFAULT_MAX_PAYLOAD_BYTES}) and inserts it into the outbox on {@code connection}. A delay
     * counts from now: the row keeps the due time.
     *
     * @return the id it will be enqueued under
     * @throws InvalidMessageException naming the field and the problem; nothing is inserted
     * @throws SQLException            when the insert fails; the caller's transaction decides what becomes of it
     */
    public MessageId send(Connection connection, Message message) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Validation.validate(message, ProducerConfig.DEFAULT_MAX_PAYLOAD_BYTES);
        Instant now = clock.instant();
        Long dueAt = message.dueAt()
                .or(() -> message.delay().map(now::plus))
                .map(Instant::toEpochMilli)
                .orElse(null);
        table.insert(connection, OutboxRow.Kind.MESSAGE, message.id().value(), OutboxBodies.of(message, now), dueAt);
        return message.id();
    }

    /**
     * Checks {@code event} as {@link HookshotProducer#publish} does (with the default payload limit; its type is
     * checked against the catalogue when the relay publishes it) and inserts it into the outbox on
     * {@code connection}.
     *
     * @return the id it will be published under
     * @throws InvalidEventException naming the field and the problem; nothing is inserted
     * @throws SQLException          when the insert fails
     */
    public EventId publish(Connection connection, Event event) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Validation.validate(event, ProducerConfig.DEFAULT_MAX_PAYLOAD_BYTES);
        table.insert(
                connection, OutboxRow.Kind.EVENT, event.id().value(), OutboxBodies.of(event, clock.instant()), null);
        return event.id();
    }

    public String tableName() {
        return table.name();
    }

    /**
     * Creates the table {@value #DEFAULT_TABLE_NAME} unless it exists, with the DDL shipped for the connection's
     * database (PostgreSQL, or MariaDB and MySQL). Production schemas are better made by your own migrations, from the
     * same files.
     *
     * @throws SQLException for another database, or when the DDL fails
     */
    public static void createTableIfMissing(Connection connection) throws SQLException {
        createTableIfMissing(connection, DEFAULT_TABLE_NAME);
    }

    /** As {@link #createTableIfMissing(Connection)}, for the table {@code tableName}. */
    public static void createTableIfMissing(Connection connection, String tableName) throws SQLException {
        new OutboxTable(tableName).create(Objects.requireNonNull(connection, "connection"));
    }
}
