package io.hookshot.worker.store;

import java.sql.SQLException;

/**
 * A batch could not be written to the history: Postgres is unreachable or refused it. Nothing of the batch was
 * committed; it is safe to write it again.
 *
 * <p>It names the SQLSTATE and the driver's message, but keeps no cause: JDBI and batch exceptions quote the bound
 * values, which hold response bodies and payloads, and those must never reach a log.
 */
public final class HistoryWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    private HistoryWriteException(String message, String sqlState) {
        super(message, null, false, true);
        this.sqlState = sqlState;
    }

    /** Describes {@code failure} by its innermost SQL error, without the statement or its values. */
    static HistoryWriteException of(String what, Throwable failure) {
        SQLException sql = innermostSqlException(failure);
        if (sql == null) {
            return new HistoryWriteException(what + ": " + failure.getClass().getSimpleName(), null);
        }
        Throwable cause = sql.getCause();
        String detail = sql.getMessage() + (cause != null && cause != sql ? " (" + cause + ")" : "");
        return new HistoryWriteException(what + ": SQLSTATE " + sql.getSQLState() + ": " + detail, sql.getSQLState());
    }

    /** The SQLSTATE of the failure, or null when it was not an SQL error. */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Whether Postgres refused the data itself (SQLSTATE class 22, data exception; 23, integrity violation; or 54,
     * program limit exceeded, like an index row too large): writing the same rows again will fail again.
     * Otherwise the failure is taken to be passing (connection lost, server down, deadlock, missing table) and the
     * batch should be retried as it is.
     */
    public boolean rejectedData() {
        return sqlState != null
                && (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("54"));
    }

    private static SQLException innermostSqlException(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
                break;
            }
        }
        while (found != null && found.getNextException() != null) {
            found = found.getNextException();
        }
        return found;
    }
}
