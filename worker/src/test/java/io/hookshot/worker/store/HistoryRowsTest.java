package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.store.HistoryRows.StateRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryRowsTest {
    private static final Instant AT = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final String URL = "https://example.com/";
    private final Entries entries = new Entries("q");

    @ParameterizedTest(name = "stored {0} #{1}, then {2} #{3}: keep {4} #{5}")
    @CsvSource({
        "PENDING,   0, RETRYING,  1, RETRYING,  1",
        "RETRYING,  1, RETRYING,  2, RETRYING,  2",
        "RETRYING,  2, RETRYING,  1, RETRYING,  2",
        "DELIVERED, 2, RETRYING,  1, DELIVERED, 2",
        "DELIVERED, 2, DEAD,      2, DELIVERED, 2",
        "RETRYING,  2, DELIVERED, 2, DELIVERED, 2",
        "DEAD,      3, RETRYING,  3, DEAD,      3",
        "DEAD,      3, DELIVERED, 4, DELIVERED, 4",
        "PENDING,   3, DEAD,      3, PENDING,   3",
        "PENDING,   3, RETRYING,  4, RETRYING,  4",
    })
    void keepsTheNewerStateOfAMessage(
            MessageStatus stored,
            int storedAttempts,
            MessageStatus next,
            int nextAttempts,
            MessageStatus keptStatus,
            int keptAttempts) {
        StateRow kept = HistoryRows.newer(state(stored, storedAttempts), state(next, nextAttempts));

        assertThat(kept.status()).isEqualTo(keptStatus);
        assertThat(kept.attempts()).isEqualTo(keptAttempts);
    }

    @Test
    void mergesEveryRecordOfOneMessageIntoOneRowPerKey() {
        HistoryBatch batch = HistoryBatch.decode(List.of(
                entries.accepted("b", URL, 1, 1, 1),
                entries.attempt("b", 2, MessageStatus.DELIVERED, data(200), 30),
                entries.retrying("b", 1, data(503), 25, 20),
                entries.retrying("b", 1, data(503), 25, 20),
                entries.accepted("a", URL, 1, 1, 1),
                entries.accepted("b", URL, 1, 1, 1)));

        HistoryRows rows = batch.rows(Map.of(), Map.of(), Optional.empty());

        assertThat(rows.accepted()).extracting(HistoryRows.AcceptedRow::id).containsExactly("a");
        assertThat(rows.states()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(MessageStatus.DELIVERED);
            assertThat(s.attempts()).isEqualTo(2);
        });
        assertThat(rows.attempts()).extracting(HistoryRows.AttemptRow::attempt).containsExactly(1, 2);
        assertThat(rows.deadLetters()).isEmpty();
    }

    @Test
    void foldsTheAcceptedRecordIntoTheStateOfTheSameBatch() {
        HistoryRows rows = HistoryBatch.decode(List.of(
                        entries.attempt("m", 1, MessageStatus.DELIVERED, data(200), 30),
                        entries.accepted("m", URL, 10, 10, 12)))
                .rows(Map.of(), Map.of(), Optional.empty());

        assertThat(rows.accepted()).isEmpty();
        assertThat(rows.states()).singleElement().satisfies(s -> {
            assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(10));
            assertThat(s.at()).isEqualTo(Instant.ofEpochMilli(30));
            assertThat(s.status()).isEqualTo(MessageStatus.DELIVERED);
        });
    }

    @Test
    void keysEveryRowOfAMessageByTheCreationTimeItsRecordsCarry() {
        HistoryRows rows = HistoryBatch.decode(List.of(
                        entries.accepted("m", URL, 50, 10, 12),
                        Entries.created(entries.attempt("m", 1, MessageStatus.DELIVERED, data(200), 30), 50),
                        Entries.created(entries.attempt("n", 1, MessageStatus.DEAD, data(500), 40), 45)))
                .rows(Map.of(), Map.of(), Optional.empty());

        assertThat(rows.states())
                .extracting(StateRow::id, StateRow::createdAt)
                .containsExactly(tuple("m", Instant.ofEpochMilli(50)), tuple("n", Instant.ofEpochMilli(45)));
        assertThat(rows.deadLetters())
                .singleElement()
                .satisfies(d -> assertThat(d.createdAt()).isEqualTo(Instant.ofEpochMilli(45)));
    }

    @Test
    void looksUpTheKeysOfMessagesCreatedBeforePartitioningAndOfRecordsWithoutCreationTime() {
        Instant from = Instant.ofEpochMilli(100);
        HistoryBatch batch = HistoryBatch.decode(List.of(
                Entries.created(entries.attempt("old", 1, MessageStatus.DELIVERED, data(200), 130), 90),
                Entries.created(entries.attempt("new", 1, MessageStatus.DELIVERED, data(200), 130), 110),
                entries.attempt("unknown", 1, MessageStatus.DELIVERED, data(200), 120),
                entries.attempt("unknown_early", 1, MessageStatus.DELIVERED, data(200), 60)));

        assertThat(batch.idsCreatedBefore(Optional.of(from))).containsExactly("old");
        assertThat(batch.idsCreatedBefore(Optional.empty())).isEmpty();
        assertThat(batch.idsWithUnknownCreation()).containsExactly("unknown", "unknown_early");

        HistoryRows rows = batch.rows(Map.of(), Map.of("old", Instant.ofEpochMilli(80)), Optional.of(from));
        assertThat(rows.states())
                .as("the stored key; the records' creation time; unknown: just before the partitioned era,"
                        + " where a later record of the message looks for it; unknown and earlier: its first record")
                .extracting(StateRow::id, StateRow::createdAt)
                .containsExactly(
                        tuple("new", Instant.ofEpochMilli(110)),
                        tuple("old", Instant.ofEpochMilli(80)),
                        tuple("unknown", Instant.ofEpochMilli(99)),
                        tuple("unknown_early", Instant.ofEpochMilli(60)));
        assertThat(batch.rows(Map.of(), Map.of(), Optional.empty()).states())
                .filteredOn(s -> s.id().equals("unknown"))
                .singleElement()
                .satisfies(s -> assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(120)));
    }

    @Test
    void anAcceptedRecordAloneStaysAnAcceptedRow() {
        HistoryRows rows = HistoryBatch.decode(List.of(entries.accepted("m", URL, 10, 10, 12)))
                .rows(Map.of(), Map.of(), Optional.empty());

        assertThat(rows.accepted()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("m");
            assertThat(a.createdAt()).isEqualTo(Instant.ofEpochMilli(10));
        });
        assertThat(rows.states()).isEmpty();
    }

    @Test
    void aStateAloneIsCreatedAtItsOwnTime() {
        HistoryRows rows = HistoryBatch.decode(List.of(entries.retrying("m", 1, data(503), 99, 30)))
                .rows(Map.of(), Map.of(), Optional.empty());

        assertThat(rows.accepted()).isEmpty();
        assertThat(rows.states())
                .singleElement()
                .satisfies(s -> assertThat(s.createdAt()).isEqualTo(s.at()).isEqualTo(Instant.ofEpochMilli(30)));
    }

    @Test
    void aStalledStateWithoutUrlTakesTheUrlOfTheAcceptedRecord() {
        HistoryRows rows = HistoryBatch.decode(
                        List.of(entries.stalled("m", 1, 30), entries.accepted("m", URL, 10, 10, 12)))
                .rows(Map.of(), Map.of(), Optional.empty());

        assertThat(rows.accepted()).isEmpty();
        assertThat(rows.states()).singleElement().satisfies(s -> {
            assertThat(s.url()).isEqualTo(URL);
            assertThat(s.createdAt()).isEqualTo(Instant.ofEpochMilli(10));
        });
    }

    @Test
    void looksUpOnlyTheUrlsTheBatchDoesNotTell() {
        HistoryBatch batch = HistoryBatch.decode(List.of(
                entries.accepted("known", URL, 1, 1, 1),
                entries.stalled("known", 1, 5),
                entries.stalled("unknown", 1, 5)));

        assertThat(batch.idsWithUnknownUrl()).containsExactly("unknown");
        HistoryRows rows = batch.rows(Map.of("unknown", "https://stored.example.com/"), Map.of(), Optional.empty());
        assertThat(rows.attempts())
                .extracting(HistoryRows.AttemptRow::url)
                .containsExactly(URL, "https://stored.example.com/");
    }

    @Test
    void replacesNulCharactersPostgresWouldRefuse() {
        AttemptRecord data =
                new AttemptRecord(URL, 0, 1, 200, null, "bad \u0000", Map.of("x\u0000", "y\u0000"), "body \u0000", "w");
        HistoryRows rows = HistoryBatch.decode(List.of(entries.attempt("a", 1, MessageStatus.DELIVERED, data, 1)))
                .rows(Map.of(), Map.of(), Optional.empty());

        HistoryRows.AttemptRow attempt = rows.attempts().getFirst();
        assertThat(attempt.body()).isEqualTo("body \uFFFD");
        assertThat(attempt.errorMessage()).isEqualTo("bad \uFFFD");
        assertThat(attempt.headers()).containsExactly(Map.entry("x\uFFFD", "y\uFFFD"));
    }

    private static StateRow state(MessageStatus status, int attempts) {
        return new StateRow(
                "m", "q", URL, status, attempts, null, AT, AT, null, null, null, java.util.Optional.empty());
    }

    private static AttemptRecord data(int status) {
        return new AttemptRecord(URL, 0, 1, status, null, null, Map.of(), "", "w");
    }
}
