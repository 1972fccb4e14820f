package io.hookshot.worker.retry;

import io.hookshot.worker.http.DispatchResult.Delivered;

/**
 * What an HTTP response status means for delivery: the one table of it. Thread-safe (an enum).
 *
 * <table>
 *   <caption>status classes</caption>
 *   <tr><th>status</th><th>class</th><th>meaning</th></tr>
 *   <tr><td>2xx</td><td>{@link #DELIVERED}</td><td>done</td></tr>
 *   <tr><td>3xx</td><td>{@link #REDIRECTED}</td><td>retried on the schedule; redirects are not followed</td></tr>
 *   <tr><td>408, 425, 429, 5xx, other</td><td>{@link #RETRY}</td><td>retried; {@code Retry-After} honoured</td></tr>
 *   <tr><td>410</td><td>{@link #GONE}</td><td>given up at once</td></tr>
 *   <tr><td>other 4xx</td><td>{@link #CLIENT_ERROR}</td><td>retried on the schedule, or given up when
 *       configured to fail fast</td></tr>
 * </table>
 */
enum StatusPolicy {
    DELIVERED,
    REDIRECTED,
    RETRY,
    GONE,
    CLIENT_ERROR;

    static StatusPolicy classify(int status) {
        if (Delivered.isSuccess(status)) {
            return DELIVERED;
        }
        if (status >= 300 && status <= 399) {
            return REDIRECTED;
        }
        if (status == 410) {
            return GONE;
        }
        if (status >= 400 && status <= 499 && status != 408 && status != 425 && status != 429) {
            return CLIENT_ERROR;
        }
        return RETRY; // 408, 425, 429, 5xx, and anything unheard of (1xx as a final answer, 6xx and up)
    }

    /** Whether a {@code Retry-After} header on such a response may stretch the scheduled delay. */
    boolean honoursRetryAfter() {
        return this == RETRY;
    }
}
