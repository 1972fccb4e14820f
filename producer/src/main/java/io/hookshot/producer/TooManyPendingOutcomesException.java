package io.hookshot.producer;

/**
 * An awaiting send was refused, and nothing enqueued, because the producer already has
 * {@link AwaitSettings#maxPending()} outcomes pending. Wait for some to complete, or raise the cap.
 */
public final class TooManyPendingOutcomesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyPendingOutcomesException(int maxPending) {
        super("the producer already awaits " + maxPending + " outcomes (AwaitSettings.maxPending); nothing was"
                + " enqueued: wait for some to complete, or raise the cap");
    }
}
