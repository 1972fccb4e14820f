package io.hookshot.worker.api;

import io.hookshot.common.RetrySchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The original Node.js Hookshot's {@code retry_config}, mapped onto a {@link RetrySchedule}: {@code max_attempts}
 * attempts in all (so {@code max_attempts - 1} retries), the first retry after {@code initial_delay_ms}, and then
 * <ul>
 *   <li>{@code exponential}: each delay twice the one before (initial, 2 x initial, 4 x initial, ...);</li>
 *   <li>{@code fixed}: the initial delay every time;</li>
 *   <li>{@code linear}: the initial delay times the retry's number (initial, 2 x initial, 3 x initial, ...).</li>
 * </ul>
 * No delay exceeds {@link RetrySchedule#MAX_DELAY}. Immutable; a pure function of its fields.
 */
record LegacyRetryConfig(int maxAttempts, long initialDelayMs, Strategy strategy) {
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final long DEFAULT_INITIAL_DELAY_MS = 1000;
    static final Strategy DEFAULT_STRATEGY = Strategy.EXPONENTIAL;
    /** Hookshot always allows at least one retry; a schedule holds at most {@link RetrySchedule#MAX_RETRIES}. */
    static final int MIN_ATTEMPTS = 2;

    static final int MAX_ATTEMPTS = RetrySchedule.MAX_RETRIES + 1;

    enum Strategy {
        EXPONENTIAL,
        FIXED,
        LINEAR;

        /** Parses {@code exponential}, {@code fixed} or {@code linear}; null for anything else. */
        static Strategy of(String text) {
            for (Strategy s : values()) {
                if (s.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return s;
                }
            }
            return null;
        }
    }

    LegacyRetryConfig {
        if (maxAttempts < MIN_ATTEMPTS || maxAttempts > MAX_ATTEMPTS) {
            throw ApiException.badRequest(
                    "retry_config.max_attempts",
                    "retry_config.max_attempts must be from " + MIN_ATTEMPTS + " to " + MAX_ATTEMPTS + ", got "
                            + maxAttempts);
        }
        if (initialDelayMs < 0 || initialDelayMs > RetrySchedule.MAX_DELAY.toMillis()) {
            throw ApiException.badRequest(
                    "retry_config.initial_delay_ms",
                    "retry_config.initial_delay_ms must be" + " from 0 to " + RetrySchedule.MAX_DELAY.toMillis()
                            + " (30 days), got " + initialDelayMs);
        }
    }

    RetrySchedule schedule() {
        long cap = RetrySchedule.MAX_DELAY.toMillis();
        List<Duration> delays = new ArrayList<>(maxAttempts - 1);
        for (int retry = 1; retry < maxAttempts; retry++) {
            double ms = switch (strategy) {
                case EXPONENTIAL -> initialDelayMs * Math.pow(2, retry - 1);
                case FIXED -> initialDelayMs;
                case LINEAR -> (double) initialDelayMs * retry;
            };
            delays.add(Duration.ofMillis((long) Math.min(ms, cap)));
        }
        return new RetrySchedule(delays);
    }

    /** Reads {@code retry_config}; a missing field takes its default, a bad one is a 400 naming it. */
    static LegacyRetryConfig from(JsonBody config) {
        String strategyField = config.name("backoff_strategy");
        Strategy strategy = config.text("backoff_strategy")
                .map(text -> {
                    Strategy s = Strategy.of(text);
                    if (s == null) {
                        throw ApiException.badRequest(
                                strategyField,
                                strategyField + " must be exponential, fixed or linear," + " got '" + text + "'");
                    }
                    return s;
                })
                .orElse(DEFAULT_STRATEGY);
        long attempts = config.whole("max_attempts").orElse((long) DEFAULT_MAX_ATTEMPTS);
        return new LegacyRetryConfig(
                (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, attempts)),
                config.whole("initial_delay_ms").orElse(DEFAULT_INITIAL_DELAY_MS),
                strategy);
    }
}
