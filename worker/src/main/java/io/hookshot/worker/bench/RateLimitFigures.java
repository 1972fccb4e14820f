package io.hookshot.worker.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of {@code ratelimit} showed, at the receiver (its clock).
 *
 * @param limit                requests per second the limited endpoint accepts
 * @param limitedRequests      requests it received
 * @param limitedMeanPerSecond those requests per second between its first request and its last
 * @param limitedMaxPerSecond  the most of them within any one second (the limit, plus the limiter's burst of a tenth of
 *                             a second's requests when it starts, plus the arrival jitter of a loaded machine)
 * @param limitedSeconds       from the first send to its last request: the time its requests are checked against (a
 *                             first request delayed by the machine cannot shorten it)
 * @param limitedAllowed       the most it may receive in that time: the burst and the limit plus 5 %; the run fails
 *                             above it
 * @param othersDelivered      messages the other endpoints got (first 200s)
 * @param othersPerSecond      those per second, from the first send to the last of them
 */
record RateLimitFigures(
        int limit,
        long limitedRequests,
        double limitedMeanPerSecond,
        int limitedMaxPerSecond,
        double limitedSeconds,
        long limitedAllowed,
        long othersDelivered,
        double othersPerSecond)
        implements ScenarioFigures {

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rateLimit", limit);
        fields.put("limitedRequests", limitedRequests);
        fields.put("limitedMeanPerSecond", limitedMeanPerSecond);
        fields.put("limitedMaxPerSecond", limitedMaxPerSecond);
        fields.put("limitedSeconds", limitedSeconds);
        fields.put("limitedAllowed", limitedAllowed);
        fields.put("limitHeld", limitHeld());
        fields.put("othersDelivered", othersDelivered);
        fields.put("othersPerSecond", othersPerSecond);
        return fields;
    }

    @Override
    public Optional<String> failure() {
        return limitHeld()
                ? Optional.empty()
                : Optional.of(String.format(
                        Locale.ROOT,
                        "the endpoint limited to %d/s received %d requests in %.1f s, more than the %d its limit"
                                + " allows (+5 %%)",
                        limit,
                        limitedRequests,
                        limitedSeconds,
                        limitedAllowed));
    }

    @Override
    public String tableHeader() {
        return String.format(
                Locale.ROOT,
                "%-9s %7s %9s %10s %12s %9s %9s %14s %12s",
                "ratelimit",
                "limit/s",
                "requests",
                "mean/s",
                "max in 1 s",
                "seconds",
                "allowed",
                "others/s",
                "limit held");
    }

    @Override
    public String tableRow() {
        return String.format(
                Locale.ROOT,
                "%-9s %7d %9d %10.1f %12d %9.1f %9d %14.0f %12s",
                "",
                limit,
                limitedRequests,
                limitedMeanPerSecond,
                limitedMaxPerSecond,
                limitedSeconds,
                limitedAllowed,
                othersPerSecond,
                limitHeld() ? "yes" : "NO");
    }

    /** Whether the limited endpoint received no more than it may. */
    boolean limitHeld() {
        return limitedRequests <= limitedAllowed;
    }
}
