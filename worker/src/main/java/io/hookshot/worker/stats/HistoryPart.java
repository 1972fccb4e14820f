package io.hookshot.worker.stats;

/**
 * What Postgres adds to a {@link QueueStats.Snapshot}: its figures, or why it could not be read (the snapshot then
 * has Redis's figures only). Immutable.
 */
public sealed interface HistoryPart {
    /**
     * Read from the history.
     *
     * @param recent              attempts delivered and failed in the last minute and hour
     * @param deadLettersArchived the queue's dead letters in the archive ({@code hookshot_dead_letter})
     */
    record Read(QueueStats.Recent recent, long deadLettersArchived) implements HistoryPart {}

    /** Postgres could not be read; {@code reason} says so without quoting connection details. */
    record Unavailable(String reason) implements HistoryPart {}
}
