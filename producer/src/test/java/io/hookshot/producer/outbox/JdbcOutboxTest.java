package io.hookshot.producer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcOutboxTest {
    @Test
    void usesTheDefaultTableUnlessGivenOne() {
        assertThat(new JdbcOutbox().tableName()).isEqualTo("hookshot_outbox");
        assertThat(new JdbcOutbox("app_outbox_2").tableName()).isEqualTo("app_outbox_2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2outbox", "outbox;drop", "out box", "schema.outbox"})
    void refusesATableNameThatIsNotAPlainIdentifier(String name) {
        assertThatThrownBy(() -> new JdbcOutbox(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tableName");
    }

    @Test
    void refusesATableNameOverSixtyThreeCharacters() {
        assertThat(new JdbcOutbox("t".repeat(63)).tableName()).hasSize(63);
        assertThatThrownBy(() -> new JdbcOutbox("t".repeat(64))).hasMessageContaining("tableName");
    }

    @Test
    void relaySettingsNameWhatIsWrong() {
        assertThat(OutboxRelay.Settings.defaults())
                .isEqualTo(new OutboxRelay.Settings("hookshot_outbox", 100, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> new OutboxRelay.Settings("t", 0, Duration.ofSeconds(1)))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new OutboxRelay.Settings("t", 10, Duration.ZERO))
                .hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> new OutboxRelay.Settings("x-y", 10, Duration.ofSeconds(1)))
                .hasMessageContaining("tableName");
    }

    @Test
    void shipsTheTableForPostgresqlAndMariadbAndMysql() throws SQLException {
        assertThat(OutboxTable.ddlFor("PostgreSQL")).contains("GENERATED ALWAYS AS IDENTITY");
        assertThat(OutboxTable.ddlFor("MariaDB")).contains("AUTO_INCREMENT");
        assertThat(OutboxTable.ddlFor("MySQL")).isEqualTo(OutboxTable.ddlFor("MariaDB"));
        assertThatThrownBy(() -> OutboxTable.ddlFor("H2"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("H2");
    }
}
