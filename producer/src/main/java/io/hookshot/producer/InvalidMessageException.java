package io.hookshot.producer;

/**
 * A message broke one of the producer's rules (see {@link HookshotProducer#send}); nothing was enqueued. The message
 * names the field and the problem, never the payload. Thrown by the producer's validation; immutable.
 */
public final class InvalidMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidMessageException(String field, String message) {
        super(message);
        this.field = field;
    }

    private InvalidMessageException(String field, String message, InvalidMessageException cause) {
        super(message, cause);
        this.field = field;
    }

    /** The field at fault: {@code url}, {@code payload}, {@code header}, {@code delay}, and so on. */
    public String field() {
        return field;
    }

    /** The same problem, said of message {@code index} (0-based) of a batch of {@code size}. */
    InvalidMessageException inBatch(int index, int size, String messageId) {
        return new InvalidMessageException(
                field,
                "message " + index + " of a batch of " + size + " (id " + messageId + "): " + getMessage(),
                this);
    }
}
