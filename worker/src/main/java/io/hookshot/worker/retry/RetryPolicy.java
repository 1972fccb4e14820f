package io.hookshot.worker.retry;

import io.hookshot.common.RetrySchedule;
import io.hookshot.worker.http.DispatchResult;
import io.hookshot.worker.http.DispatchResult.Delivered;
import io.hookshot.worker.http.DispatchResult.Rejected;
import io.hookshot.worker.http.DispatchResult.Unreachable;
import io.hookshot.worker.retry.RetryDecision.GiveUp;
import io.hookshot.worker.retry.RetryDecision.RetryAt;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Decides what happens after a failed attempt. A pure function of the outcome, the number of failures so far, the
 * schedule, the settings, the clock (for {@code Retry-After} dates) and the random draw (for jitter).
 *
 * <ol>
 *   <li>A failure that can never succeed gives up at once: {@code 410 Gone}, an invalid URL, an address the SSRF
 *       guard blocks, and any other 4xx when {@link Settings#failFastOn4xx()} is on.</li>
 *   <li>When the schedule (the job's own, else {@link Settings#defaultSchedule()}) has no delay left, give up:
 *       exhausted.</li>
 *   <li>Else retry after the next scheduled delay, jittered by up to {@link Settings#jitter()} either way.</li>
 *   <li>A {@code Retry-After} hint on 408, 425, 429 or 5xx stretches that delay, clamped to [delay, cap]: never
 *       shorter than the schedule. The cap is {@link Settings#retryAfterCap()}, or twice the delay.</li>
 * </ol>
 *
 * <p>Thread-safe: the random draws are serialised, so any {@link RandomGenerator} may be injected.
 */
public final class RetryPolicy {

    /**
     * How the worker retries. Immutable.
     *
     * @param defaultSchedule the delays for messages without their own schedule
     * @param jitter          each delay is multiplied by a uniform factor in [1 - jitter, 1 + jitter]; 0 to 1
     * @param failFastOn4xx   give up on the first 4xx other than 408, 425 and 429 instead of retrying
     * @param retryAfterCap   the longest delay a {@code Retry-After} hint may ask for; null means twice the
     *                        scheduled delay
     */
    public record Settings(
            RetrySchedule defaultSchedule, double jitter, boolean failFastOn4xx, Duration retryAfterCap) {
        public static final RetrySchedule DEFAULT_SCHEDULE = RetrySchedule.DEFAULT;
        public static final double DEFAULT_JITTER = 0.2;
        public static final boolean DEFAULT_FAIL_FAST_ON_4XX = false;
        /** Null: a hint may stretch a delay to twice its scheduled length. */
        public static final Duration DEFAULT_RETRY_AFTER_CAP = null;

        public Settings {
            Objects.requireNonNull(defaultSchedule, "defaultSchedule");
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException("jitter must be a fraction from 0 to 1, got " + jitter);
            }
            if (retryAfterCap != null && (retryAfterCap.isNegative() || retryAfterCap.isZero())) {
                throw new IllegalArgumentException("retryAfterCap must be positive (or null), got " + retryAfterCap);
            }
        }

        /** All defaults. */
        public static Settings defaults() {
            return new Settings(DEFAULT_SCHEDULE, DEFAULT_JITTER, DEFAULT_FAIL_FAST_ON_4XX, DEFAULT_RETRY_AFTER_CAP);
        }
    }

    private final Settings settings;
    private final RandomGenerator random;
    private final Clock clock;
    private final ReentrantLock randomLock = new ReentrantLock();

    public RetryPolicy(Settings settings, RandomGenerator random, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What to do after the attempt that ended in {@code failed}.
     *
     * @param failed      the outcome of the attempt just made; never a {@link Delivered}
     * @param failsSoFar  how many earlier attempts of this message failed (0 after the first attempt)
     * @param jobSchedule the message's own schedule, or empty for the default
     * @throws IllegalArgumentException when {@code failed} is a {@link Delivered} or {@code failsSoFar} negative
     */
    public RetryDecision decide(DispatchResult failed, int failsSoFar, Optional<RetrySchedule> jobSchedule) {
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(jobSchedule, "jobSchedule");
        if (failsSoFar < 0) {
            throw new IllegalArgumentException("failsSoFar must not be negative, got " + failsSoFar);
        }
        RetrySchedule schedule = jobSchedule.orElse(settings.defaultSchedule());
        return switch (failed) {
            case Delivered d ->
                throw new IllegalArgumentException(
                        "a delivered attempt (status " + d.statusCode() + ") needs no retry decision");
            case Rejected r -> afterRejection(r, failsSoFar, schedule);
            case Unreachable u -> afterNoResponse(u, failsSoFar, schedule);
        };
    }

    private RetryDecision afterRejection(Rejected rejected, int failsSoFar, RetrySchedule schedule) {
        int status = rejected.statusCode();
        StatusPolicy policy = StatusPolicy.classify(status);
        return switch (policy) {
            case DELIVERED -> throw new IllegalArgumentException("status " + status + " is not a failure");
            case GONE -> new GiveUp("gone: the receiver answered 410");
            case CLIENT_ERROR ->
                settings.failFastOn4xx()
                        ? new GiveUp("client error: the receiver answered " + status + " and fail-fast on 4xx is on")
                        : onSchedule(failsSoFar, schedule, Optional.empty());
            case REDIRECTED, RETRY ->
                onSchedule(
                        failsSoFar,
                        schedule,
                        policy.honoursRetryAfter()
                                ? Optional.ofNullable(rejected.headers().get(RetryAfter.HEADER))
                                : Optional.empty());
        };
    }

    private RetryDecision afterNoResponse(Unreachable unreachable, int failsSoFar, RetrySchedule schedule) {
        return switch (unreachable.errorClass()) {
            case INVALID_URL -> new GiveUp("invalid url: " + unreachable.message());
            case BLOCKED -> new GiveUp("blocked: " + unreachable.message());
            case TIMEOUT, CONNECT, DNS, TLS, IO -> onSchedule(failsSoFar, schedule, Optional.empty());
        };
    }

    private RetryDecision onSchedule(int failsSoFar, RetrySchedule schedule, Optional<String> retryAfter) {
        if (failsSoFar >= schedule.delays().size()) {
            return new GiveUp("exhausted: " + (failsSoFar + 1) + " attempts failed");
        }
        Duration scheduled = jittered(schedule.delays().get(failsSoFar));
        Duration cap = settings.retryAfterCap() != null ? settings.retryAfterCap() : scheduled.multipliedBy(2);
        Duration delay = retryAfter
                .flatMap(value -> RetryAfter.parse(value, clock.instant()))
                .map(hint -> clamp(hint, scheduled, max(scheduled, cap)))
                .orElse(scheduled);
        return new RetryAt(delay);
    }

    /** {@code base} times a uniform factor in [1 - jitter, 1 + jitter], to the millisecond. */
    private Duration jittered(Duration base) {
        if (settings.jitter() == 0.0 || base.isZero()) {
            return base;
        }
        double draw;
        randomLock.lock();
        try {
            draw = random.nextDouble();
        } finally {
            randomLock.unlock();
        }
        double factor = 1.0 + settings.jitter() * (2.0 * draw - 1.0);
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
