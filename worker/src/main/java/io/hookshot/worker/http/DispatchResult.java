package io.hookshot.worker.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one HTTP attempt to deliver a webhook came to. Receiver behaviour of every kind is a value here, never an
 * exception: a {@link Delivered} 2xx, a {@link Rejected} response of any other status (3xx included, since
 * redirects are not followed), or {@link Unreachable} when no response came. Immutable.
 */
public sealed interface DispatchResult {

    /** How long the attempt took, from building the request to the end of reading the (truncated) body. */
    Duration elapsed();

    /**
     * The receiver answered 2xx: the webhook is delivered. Immutable.
     *
     * @param statusCode a 2xx status
     * @param headers    the response headers, names lower-cased, repeated names joined with ", ", in arrival order
     * @param body       the start of the response body as UTF-8 text without NUL characters, truncated at
     *                   {@link HttpSettings#maxResponseBodyBytes()}; empty when there was none
     * @param elapsed    how long the attempt took
     */
    record Delivered(int statusCode, Map<String, String> headers, String body, Duration elapsed)
            implements DispatchResult {

        public Delivered {
            if (!isSuccess(statusCode)) {
                throw new IllegalArgumentException("a delivered attempt needs a 2xx status, got " + statusCode);
            }
            headers = copyOf(headers);
            Objects.requireNonNull(body, "body");
            requireElapsed(elapsed);
        }

        /** Whether {@code statusCode} means delivered (2xx). The one place that says so. */
        public static boolean isSuccess(int statusCode) {
            return statusCode >= 200 && statusCode <= 299;
        }
    }

    /**
     * The receiver answered with a status other than 2xx (3xx included: redirects are not followed). Whether to
     * retry is the retry policy's business. Immutable.
     *
     * @param statusCode the response status, 100 to 999 but not 2xx
     * @param headers    the response headers, names lower-cased, repeated names joined with ", ", in arrival order
     * @param body       the start of the response body as UTF-8 text without NUL characters, truncated at
     *                   {@link HttpSettings#maxResponseBodyBytes()}; empty when there was none
     * @param elapsed    how long the attempt took
     */
    record Rejected(int statusCode, Map<String, String> headers, String body, Duration elapsed)
            implements DispatchResult {

        public Rejected {
            if (statusCode < 100 || statusCode > 999 || Delivered.isSuccess(statusCode)) {
                throw new IllegalArgumentException(
                        "a rejection needs a non-2xx status from 100 to 999, got " + statusCode);
            }
            headers = copyOf(headers);
            Objects.requireNonNull(body, "body");
            requireElapsed(elapsed);
        }
    }

    /**
     * No response came: the attempt timed out, could not connect, resolve or shake hands, broke off, or the URL
     * was unusable. Immutable.
     *
     * @param errorClass what kind of failure, recorded by its {@link ErrorClass#wireName()}
     * @param message    what went wrong, for people (never the payload)
     * @param elapsed    how long the attempt took
     */
    record Unreachable(ErrorClass errorClass, String message, Duration elapsed) implements DispatchResult {

        public Unreachable {
            Objects.requireNonNull(errorClass, "errorClass");
            Objects.requireNonNull(message, "message");
            requireElapsed(elapsed);
        }
    }

    private static Map<String, String> copyOf(Map<String, String> headers) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
    }

    private static void requireElapsed(Duration elapsed) {
        Objects.requireNonNull(elapsed, "elapsed");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative, got " + elapsed);
        }
    }
}
