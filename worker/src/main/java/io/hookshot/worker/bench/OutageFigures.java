package io.hookshot.worker.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of {@code outage} showed.
 *
 * @param breaker              whether the workers ran with the circuit breaker
 * @param breakerFailures      their {@code HOOKSHOT_BREAKER_FAILURES}
 * @param outageSeconds        how long the failing endpoint answered 503
 * @param failingMessages      messages sent to the failing endpoint
 * @param backlog              of those, the ones sent before it recovered
 * @param attemptsDuringOutage requests it received before it recovered (all answered 503)
 * @param failingAttempts      requests it received in all
 * @param othersLatencyMs      send to first 200 of the other endpoints' messages
 * @param dead                 messages the history shows dead (the run fails unless 0)
 * @param drainSeconds         from its recovery until the last of its backlog got its 200; -1 when not all did
 */
record OutageFigures(
        boolean breaker,
        int breakerFailures,
        double outageSeconds,
        long failingMessages,
        long backlog,
        long attemptsDuringOutage,
        long failingAttempts,
        LatencyRecorder.Percentiles othersLatencyMs,
        long dead,
        double drainSeconds)
        implements ScenarioFigures {

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("breaker", breaker);
        fields.put("breakerFailures", breakerFailures);
        fields.put("outageSeconds", outageSeconds);
        fields.put("failingEndpointMessages", failingMessages);
        fields.put("failingEndpointBacklog", backlog);
        fields.put("attemptsDuringOutage", attemptsDuringOutage);
        fields.put("failingEndpointAttempts", failingAttempts);
        fields.put("othersLatencyMs", othersLatencyMs);
        fields.put("dead", dead);
        fields.put("drainSeconds", drainSeconds);
        return fields;
    }

    @Override
    public Optional<String> failure() {
        return dead == 0 ? Optional.empty() : Optional.of(dead + " messages dead");
    }

    @Override
    public String tableHeader() {
        return String.format(
                Locale.ROOT,
                "%-9s %-16s %8s %8s %20s %14s %26s %5s %8s",
                "outage",
                "breaker",
                "seconds",
                "backlog",
                "attempts in outage",
                "all attempts",
                "others latency ms p50/p99",
                "dead",
                "drain s");
    }

    @Override
    public String tableRow() {
        String latency = othersLatencyMs.count() == 0
                ? "-"
                : String.format(Locale.ROOT, "%.1f/%.1f", othersLatencyMs.p50(), othersLatencyMs.p99());
        return String.format(
                Locale.ROOT,
                "%-9s %-16s %8.0f %8d %20d %14d %26s %5d %8s",
                "",
                breaker ? "on, opens at " + breakerFailures : "off (" + breakerFailures + ")",
                outageSeconds,
                backlog,
                attemptsDuringOutage,
                failingAttempts,
                latency,
                dead,
                drainSeconds < 0 ? "-" : String.format(Locale.ROOT, "%.1f", drainSeconds));
    }
}
