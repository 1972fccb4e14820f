package io.hookshot.producer.outbox;

/** The outbox table could not be read or written by an {@link OutboxRelay}; its batch was rolled back. */
public final class OutboxRelayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutboxRelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
