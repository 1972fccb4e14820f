package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class HistoryWriteExceptionTest {
    @Test
    void aRefusedRowInABatchIsRejectedDataAndItsValuesAreNotQuoted() {
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 insert into t values ('secret payload') was aborted", "22021", new int[0]);
        batch.setNextException(new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));

        HistoryWriteException e = HistoryWriteException.of("could not write", new RuntimeException("jdbi", batch));

        assertThat(e.rejectedData()).isTrue();
        assertThat(e.sqlState()).isEqualTo("22021");
        assertThat(e.getMessage()).contains("invalid byte sequence").doesNotContain("secret payload");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void anUnreachableServerIsNotRejectedData() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException("pool timed out", "08001");

        HistoryWriteException e = HistoryWriteException.of("could not write", new RuntimeException(timeout));

        assertThat(e.rejectedData()).isFalse();
        assertThat(e.getMessage()).contains("SQLSTATE 08001").contains("pool timed out");
    }

    @Test
    void aFailureWithoutSqlErrorIsNotRejectedData() {
        HistoryWriteException e = HistoryWriteException.of("could not write", new IllegalStateException("closed"));

        assertThat(e.rejectedData()).isFalse();
        assertThat(e.sqlState()).isNull();
    }
}
