package io.hookshot.producer;

/**
 * Redis failed while the producer talked to it: unreachable, timed out, out of memory, or it answered something the
 * producer did not expect. When thrown by a send, some messages of the batch may have been enqueued; sending the
 * same {@link Message} objects again is safe, since their ids are fixed and the queue stores an id once. Immutable.
 */
public final class ProducerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProducerException(String message, Throwable cause) {
        super(message, cause);
    }
}
