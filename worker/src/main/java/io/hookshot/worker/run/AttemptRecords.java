package io.hookshot.worker.run;

import io.hookshot.common.Job;
import io.hookshot.worker.http.DispatchResult;
import io.hookshot.worker.queue.AttemptRecord;

/** Turns what one HTTP attempt gave into the record the history keeps. */
final class AttemptRecords {
    private AttemptRecords() {}

    static AttemptRecord of(Job job, DispatchResult result, long startedAtMs, String workerId) {
        String url = job.url().toString();
        long ms = result.elapsed().toMillis();
        return switch (result) {
            case DispatchResult.Delivered d ->
                new AttemptRecord(url, startedAtMs, ms, d.statusCode(), null, null, d.headers(), d.body(), workerId);
            case DispatchResult.Rejected r ->
                new AttemptRecord(url, startedAtMs, ms, r.statusCode(), null, null, r.headers(), r.body(), workerId);
            case DispatchResult.Unreachable u ->
                new AttemptRecord(
                        url, startedAtMs, ms, null, u.errorClass().wireName(), u.message(), null, null, workerId);
        };
    }
}
