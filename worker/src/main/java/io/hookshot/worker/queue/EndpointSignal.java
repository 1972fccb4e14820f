package io.hookshot.worker.queue;

import io.hookshot.worker.http.DispatchResult;
import io.hookshot.worker.http.ErrorClass;
import io.hookshot.worker.retry.RetryAfter;
import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt says of its endpoint's health, as the {@code settle} script takes it: the signal that drives the
 * circuit breaker and the adaptive concurrency limit, and how long the receiver asked the whole endpoint to pause.
 * Immutable.
 *
 * @param wireName {@code ok} (2xx), {@code fail} (a connect, DNS, TLS or I/O error, a 5xx), {@code busy} (a 429 or a
 *                 timeout: a failure that also halves the endpoint's concurrency limit) or {@code none} (any other
 *                 status or error says nothing of its health)
 * @param pause    the {@code Retry-After} of a 429 or 503, else zero
 */
record EndpointSignal(String wireName, Duration pause) {
    private static final EndpointSignal OK = new EndpointSignal("ok", Duration.ZERO);
    private static final EndpointSignal NONE = new EndpointSignal("none", Duration.ZERO);

    /** The signal of {@code attempt}; a Retry-After date is read against the time its response came. */
    static EndpointSignal of(AttemptRecord attempt) {
        Integer status = attempt.statusCode();
        if (status == null) {
            return of(attempt.errorClass());
        }
        if (DispatchResult.Delivered.isSuccess(status)) {
            return OK;
        }
        if (status != 429 && status < 500) {
            return NONE;
        }
        Duration pause = Duration.ZERO;
        String retryAfter = attempt.responseHeaders().get(RetryAfter.HEADER);
        if ((status == 429 || status == 503) && retryAfter != null) {
            Instant answered = Instant.ofEpochMilli(attempt.startedAtMs() + attempt.durationMs());
            pause = RetryAfter.parse(retryAfter, answered).orElse(Duration.ZERO);
        }
        return new EndpointSignal(status == 429 ? "busy" : "fail", pause);
    }

    private static EndpointSignal of(String errorClass) {
        if (ErrorClass.TIMEOUT.wireName().equals(errorClass)) {
            return new EndpointSignal("busy", Duration.ZERO);
        }
        for (ErrorClass failure :
                new ErrorClass[] {ErrorClass.CONNECT, ErrorClass.DNS, ErrorClass.TLS, ErrorClass.IO}) {
            if (failure.wireName().equals(errorClass)) {
                return new EndpointSignal("fail", Duration.ZERO);
            }
        }
        return NONE;
    }
}
