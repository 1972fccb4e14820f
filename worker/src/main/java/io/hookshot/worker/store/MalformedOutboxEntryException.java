package io.hookshot.worker.store;

/** An outbox entry could not be decoded: an unknown record type, a missing field, or unreadable attempt data. */
final class MalformedOutboxEntryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String streamId;

    MalformedOutboxEntryException(OutboxEntry entry, String problem) {
        super("outbox entry " + entry.streamId() + " of " + entry.queue() + "/" + entry.partition() + ": " + problem);
        this.streamId = entry.streamId();
    }

    /** The stream entry id of the entry. */
    String streamId() {
        return streamId;
    }
}
