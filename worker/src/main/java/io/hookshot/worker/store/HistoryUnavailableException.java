package io.hookshot.worker.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;

/**
 * The history cannot be used now: PostgreSQL is unreachable, or its schema is not yet migrated. Passing: the same
 * call may succeed later. Its message names the cause's kind, never a connection string or a row's values.
 */
public final class HistoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** SQLSTATEs of a server that is going away or not taking connections: shutting down, starting, full. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** undefined_table: the schema's migrations have not run yet. */
    private static final String UNDEFINED_TABLE = "42P01";

    public HistoryUnavailableException(String message) {
        super(message, null, false, true);
    }

    /**
     * {@code failure} as a passing unavailability of the history, when it is one: no connection to PostgreSQL
     * (a refused or lost connection, SQLSTATE class 08, a pool that timed out), a server shutting down or full, or a
     * history table missing because the migrations have not run yet. Empty for any other failure (a bug, bad data).
     */
    public static Optional<HistoryUnavailableException> of(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof HistoryUnavailableException e) {
                return Optional.of(e);
            }
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException) {
                return Optional.of(unreachable(t));
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
                    return Optional.of(unreachable(sql));
                }
                if (state.equals(UNDEFINED_TABLE)) {
                    return Optional.of(new HistoryUnavailableException("the history schema is not migrated yet"
                            + " (PostgreSQL was unreachable when this process started; it migrates as soon as"
                            + " PostgreSQL answers)"));
                }
            }
        }
        return Optional.empty();
    }

    private static HistoryUnavailableException unreachable(Throwable t) {
        String state =
                t instanceof SQLException sql && sql.getSQLState() != null ? ", SQLSTATE " + sql.getSQLState() : "";
        return new HistoryUnavailableException("the history database (PostgreSQL) is unreachable ("
                + t.getClass().getSimpleName() + state + ")");
    }
}
