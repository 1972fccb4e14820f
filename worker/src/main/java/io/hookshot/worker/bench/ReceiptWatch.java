package io.hookshot.worker.bench;

/**
 * What a scenario watches at the receiver beyond its {@link ReceiptLog}: every request of a registered message (and
 * whether to refuse it), and each message's first 200. Implementations are thread-safe: the receiver calls them from
 * one virtual thread per request.
 */
interface ReceiptWatch {
    /** Watches nothing and refuses nothing. */
    ReceiptWatch NONE = new ReceiptWatch() {};

    /** The send of message {@code id} starts at {@code nowNanos}. */
    default void sending(String id, long nowNanos) {}

    /** A request for message {@code id} arrived at {@code nowNanos}; true: answer it 503. */
    default boolean refuse(String id, long nowNanos) {
        return false;
    }

    /** Message {@code id}, whose send started at {@code sentNanos}, got its first 200 at {@code nowNanos}. */
    default void delivered(String id, long sentNanos, long nowNanos) {}
}
