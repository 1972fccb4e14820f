package io.hookshot.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The delays before each retry of a message: {@code [5s, 5m]} means three attempts in all (at once, 5 s after the
 * first failure, 5 min after the second). Jitter is added by the worker, not stored here. Immutable.
 */
public record RetrySchedule(List<Duration> delays) {
    /** The most retries a schedule may hold. */
    public static final int MAX_RETRIES = 100;
    /** The longest single delay a schedule may hold. */
    public static final Duration MAX_DELAY = Duration.ofDays(30);

    /** The Svix / Standard Webhooks schedule: 8 attempts over about 27.6 hours. */
    private static final Pattern EXPONENTIAL = Pattern.compile("exponential\\(([^,]+),([^,]+),([^,]+),([^,]+)\\)");

    public static final RetrySchedule DEFAULT = parse("5s,5m,30m,2h,5h,10h,10h");

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("retry schedule is empty: give at least one delay, like 5s");
        }
        if (delays.size() > MAX_RETRIES) {
            throw new IllegalArgumentException(
                    "retry schedule has " + delays.size() + " delays; at most " + MAX_RETRIES + " are allowed");
        }
        for (Duration d : delays) {
            if (d.isNegative() || d.compareTo(MAX_DELAY) > 0) {
                throw new IllegalArgumentException("retry delay " + d + " is outside 0 to " + MAX_DELAY.toDays() + "d");
            }
        }
    }

    /**
     * Parses a comma-separated list of durations, like {@code 5s,5m,30m}, or an exponential schedule written
     * {@code exponential(initial,factor,cap,retries)}, like {@code exponential(1s,2,1h,10)}.
     */
    public static RetrySchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("retry schedule is empty: give a comma-separated list like 5s,5m,30m");
        }
        Matcher exp = EXPONENTIAL.matcher(text.strip());
        if (exp.matches()) {
            try {
                return exponential(
                        Durations.parse(exp.group(1)),
                        Double.parseDouble(exp.group(2).strip()),
                        Durations.parse(exp.group(3)),
                        Integer.parseInt(exp.group(4).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an exponential schedule: write"
                        + " exponential(initial,factor,cap,retries), like exponential(1s,2,1h,10)");
            }
        }
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            delays.add(Durations.parse(part));
        }
        return new RetrySchedule(delays);
    }

    /**
     * An exponential schedule: {@code retries} delays starting at {@code initial}, each {@code factor} times the
     * one before, none longer than {@code cap}.
     */
    public static RetrySchedule exponential(Duration initial, double factor, Duration cap, int retries) {
        if (factor < 1.0 || Double.isNaN(factor)) {
            throw new IllegalArgumentException("exponential factor must be at least 1, got " + factor);
        }
        if (retries < 1) {
            throw new IllegalArgumentException("exponential schedule needs at least one retry, got " + retries);
        }
        List<Duration> delays = new ArrayList<>(retries);
        double ms = initial.toMillis();
        for (int i = 0; i < retries; i++) {
            delays.add(Duration.ofMillis((long) Math.min(ms, cap.toMillis())));
            ms *= factor;
        }
        return new RetrySchedule(delays);
    }

    /** How many attempts this schedule allows in all: one more than it has delays. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    @Override
    public String toString() {
        return delays.stream().map(Durations::format).collect(Collectors.joining(","));
    }
}
