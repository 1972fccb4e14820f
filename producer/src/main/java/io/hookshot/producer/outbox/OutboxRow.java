package io.hookshot.producer.outbox;

/**
 * One row of the outbox table as a relay locked it. Immutable.
 *
 * @param seq     its place in insert order (the primary key)
 * @param kind    the {@code kind} column: {@code message} or {@code event} (see {@link Kind})
 * @param id      the message's or event's id, fixed when it was inserted
 * @param body    the message as job JSON, or the event as event JSON ({@link OutboxBodies})
 * @param dueAtMs a message's due time in epoch milliseconds, or null: due at once
 */
record OutboxRow(long seq, String kind, String id, String body, Long dueAtMs) {
    /** What a row holds, as the {@code kind} column names it. */
    enum Kind {
        MESSAGE("message"),
        EVENT("event");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }

        boolean is(OutboxRow row) {
            return column.equals(row.kind());
        }
    }
}
