package io.hookshot.worker.e2e.faults;

import java.util.function.IntUnaryOperator;

/** Where in a delivery {@link WorkerKillUnderLoadIT} kills workers, and how the receiver answers their requests. */
enum KillPoint {
    /** Jobs claimed, their requests sent, but the receiver holds them unseen: it never processes them. */
    BEFORE_REQUEST("before-request", earlier -> 200),
    /** The receiver answered 200; the worker is frozen before it can record the outcome, then killed. */
    AFTER_ANSWER("after-answer", earlier -> 200),
    /**
     * The first two requests of every message are answered 503, so that the requests in flight when the worker is
     * frozen are answered 503 whether they are first attempts or retries; the worker is killed before it records the
     * retries it owes.
     */
    DURING_RETRY("during-retry", earlier -> earlier < 2 ? 503 : 200);

    private final String slug;
    private final IntUnaryOperator statusByEarlierRequests;

    KillPoint(String slug, IntUnaryOperator statusByEarlierRequests) {
        this.slug = slug;
        this.statusByEarlierRequests = statusByEarlierRequests;
    }

    String slug() {
        return slug;
    }

    /** The status for a message's request, given how many of its requests the receiver saw before. */
    int status(int earlierRequests) {
        return statusByEarlierRequests.applyAsInt(earlierRequests);
    }

    /** The kill point whose slug ends {@code group} ({@code r2-after-answer}). */
    static KillPoint ofGroup(String group) {
        for (KillPoint point : values()) {
            if (group.endsWith(point.slug)) {
                return point;
            }
        }
        throw new IllegalArgumentException("no kill point in " + group);
    }
}
