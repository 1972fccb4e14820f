package io.hookshot.producer;

/**
 * An event broke one of the producer's rules (see {@link HookshotProducer#publish}), or names an event type the
 * catalogue does not have or has archived; nothing was published. The message names the field and the problem, never
 * the payload. Thrown by the producer's validation; immutable.
 */
public final class InvalidEventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidEventException(String field, String message) {
        super(message);
        this.field = field;
    }

    private InvalidEventException(String field, String message, InvalidEventException cause) {
        super(message, cause);
        this.field = field;
    }

    /** The field at fault: {@code tenant}, {@code type}, {@code payload}, {@code channels}, {@code idempotencyKey}. */
    public String field() {
        return field;
    }

    /** The same problem, said of event {@code index} (0-based) of a batch of {@code size}. */
    InvalidEventException inBatch(int index, int size, String eventId) {
        return new InvalidEventException(
                field, "event " + index + " of a batch of " + size + " (id " + eventId + "): " + getMessage(), this);
    }
}
