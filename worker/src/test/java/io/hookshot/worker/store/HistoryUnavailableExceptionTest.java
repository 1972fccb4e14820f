package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class HistoryUnavailableExceptionTest {
    @Test
    void connectionFailuresAreUnavailabilityNamingTheKindButNotTheUrl() {
        SQLException refused = new SQLException(
                "Connection to db.internal:5432 refused", "08001", new ConnectException("Connection refused"));
        assertThat(HistoryUnavailableException.of(new RuntimeException("jdbc:postgresql://db.internal/x", refused)))
                .hasValueSatisfying(e -> assertThat(e.getMessage())
                        .contains("PostgreSQL", "unreachable", "SQLSTATE 08001")
                        .doesNotContain("db.internal"));
        assertThat(HistoryUnavailableException.of(new SQLTransientConnectionException("pool timed out")))
                .isPresent();
        assertThat(HistoryUnavailableException.of(new SQLException("shutting down", "57P01")))
                .isPresent();
        assertThat(HistoryUnavailableException.of(new SQLException("too many clients", "53300")))
                .isPresent();
    }

    @Test
    void aMissingTableMeansTheSchemaIsNotMigratedYet() {
        assertThat(HistoryUnavailableException.of(
                        new SQLException("relation \"hookshot_message\" does not exist", "42P01")))
                .hasValueSatisfying(e -> assertThat(e.getMessage()).contains("not migrated yet"));
    }

    @Test
    void otherFailuresAreNotUnavailability() {
        assertThat(HistoryUnavailableException.of(new SQLException("syntax error", "42601")))
                .isEmpty();
        assertThat(HistoryUnavailableException.of(new SQLException("value too long", "22001")))
                .isEmpty();
        assertThat(HistoryUnavailableException.of(new IllegalStateException("a bug")))
                .isEmpty();
    }

    @Test
    void describesTheInnermostCauseOfAFailedMigration() {
        RuntimeException flyway = new RuntimeException(
                "Unable to obtain connection from database" + " (jdbc:postgresql://db.internal:5432/hookshot)",
                new SQLException("Connection attempt failed", "08001", new ConnectException("Connection refused")));
        assertThat(HistorySchema.describe(flyway)).isEqualTo("ConnectException: Connection refused");
    }
}
