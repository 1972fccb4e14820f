package io.hookshot.worker.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures of one scenario run: one JSON line for machines, one table row for people. Rates are per second of
 * the scenario's wall time from the first send; latency is send-to-receipt of the first 200 (messages due at once),
 * lateness is first-attempt receipt minus due time (delayed messages); both in ms.
 *
 * @param workerState       {@link #COLD}: the first scenario of a run with {@code --warmup 0}, on workers that had
 *                          delivered nothing before (a fresh JVM, nothing compiled yet); {@link #WARM}: after the
 *                          warm-up burst or an earlier scenario
 * @param steadyDeliveriesPerSecond first 200s per second from the first send until every message had had its first
 *                          request: the rate while the whole load was being worked, retries included, before the
 *                          retry schedule's tail (a message failing 6 times on a 100 ms doubling schedule waits
 *                          6.3 s for its last try, which bounds {@code deliveriesPerSecond} whatever the speed);
 *                          -1 with {@code --target} (the bench does not see the receipts)
 * @param enqueueMode       {@code batched} (sendAll in batches), {@code single} (one send per call from threads) or
 *                          {@code paced} (one send per call at a fixed rate)
 * @param attempts          requests the receiver saw (with {@code --target}: attempt rows in the history)
 * @param historyAttemptRows attempt rows the history holds for the scenario's queue at the end
 * @param cpuScope          whose CPU and RSS {@code workerCpuSeconds} and {@code peakRssMiB} are: the worker
 *                          processes, or the whole bench JVM when the worker runs in it
 * @param resources         the cost outside the workers (bench JVM, external receiver, Redis, PostgreSQL); its
 *                          fields are written into the JSON line beside the others
 * @param loadAverage       the machine's 1-minute load average when the scenario started
 * @param ok                every message arrived (and is recorded as delivered) within the drain timeout, and the
 *                          scenario's own figures hold (none dead in {@code outage}, the limit in {@code ratelimit})
 * @param figures           the scenario's own figures ({@code outage}, {@code ratelimit}), written into the JSON line
 *                          beside the others; empty for the other scenarios
 */
public record BenchReport(
        String scenario,
        String queue,
        int messages,
        int workers,
        int concurrency,
        String workerState,
        String enqueueMode,
        double enqueuePerSecond,
        double deliveriesPerSecond,
        double steadyDeliveriesPerSecond,
        double attemptsPerSecond,
        double historyRowsPerSecond,
        long delivered,
        long attempts,
        long historyDelivered,
        long historyDead,
        long historyAttemptRows,
        long duplicates,
        LatencyRecorder.Percentiles latencyMs,
        LatencyRecorder.Percentiles latenessMs,
        double workerCpuSeconds,
        long peakRssMiB,
        String cpuScope,
        @JsonUnwrapped ResourceUsage resources,
        double loadAverage,
        double seconds,
        boolean ok,
        List<String> missingSample,
        @JsonIgnore Optional<ScenarioFigures> figures) {

    static final String COLD = "cold";
    static final String WARM = "warm";
    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchReport {
        missingSample = List.copyOf(missingSample);
    }

    String toJson() {
        try {
            ObjectNode json = JSON.valueToTree(this);
            figures.ifPresent(f -> f.fields().forEach((name, value) -> json.set(name, JSON.valueToTree(value))));
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot write the bench report as JSON", e);
        }
    }

    static String tableHeader() {
        return String.format(
                Locale.ROOT,
                "%-9s %5s %9s %12s %8s %10s %9s %30s %22s %5s %8s %7s %24s %16s %6s  %s",
                "scenario",
                "state",
                "enqueue/s",
                "deliveries/s",
                "steady/s",
                "attempts/s",
                "history/s",
                "latency ms p50/p90/p99/max",
                "lateness ms p50/p99/max",
                "dups",
                "cpu s",
                "rss MiB",
                "cpu s bench/recv/redis/pg",
                "redis calls,us/msg",
                "load",
                "result");
    }

    String tableRow() {
        String latency = latencyMs.count() == 0
                ? "-"
                : String.format(
                        Locale.ROOT,
                        "%.1f/%.1f/%.1f/%.0f",
                        latencyMs.p50(),
                        latencyMs.p90(),
                        latencyMs.p99(),
                        latencyMs.max());
        String lateness = latenessMs.count() == 0
                ? "-"
                : String.format(Locale.ROOT, "%.1f/%.1f/%.0f", latenessMs.p50(), latenessMs.p99(), latenessMs.max());
        long missing = messages - Math.min(delivered, historyDelivered);
        String result = ok
                ? "OK: all " + messages + " arrived"
                : missing > 0
                        ? "FAILED: " + missing + " of " + messages + " missing"
                        : "FAILED: " + figures.flatMap(ScenarioFigures::failure).orElse("?");
        String steady =
                steadyDeliveriesPerSecond < 0 ? "-" : String.format(Locale.ROOT, "%.0f", steadyDeliveriesPerSecond);
        String cpu = String.join(
                "/",
                tenths(resources.benchCpuSeconds()),
                tenths(resources.receiverCpuSeconds()),
                tenths(resources.redisCpuSeconds()),
                tenths(resources.postgresCpuSeconds()));
        String redis = resources.redisCallsPerMessage() < 0
                ? "-"
                : String.format(
                        Locale.ROOT, "%.1f,%.0f", resources.redisCallsPerMessage(), resources.redisMicrosPerMessage());
        return String.format(
                Locale.ROOT,
                "%-9s %5s %9.0f %12.0f %8s %10.0f %9.0f %30s %22s %5d %8.1f %7d %24s %16s %6.2f  %s",
                scenario,
                workerState,
                enqueuePerSecond,
                deliveriesPerSecond,
                steady,
                attemptsPerSecond,
                historyRowsPerSecond,
                latency,
                lateness,
                duplicates,
                workerCpuSeconds,
                peakRssMiB,
                cpu,
                redis,
                loadAverage,
                result);
    }

    /** One decimal, or {@code -} for an unknown (-1) figure. */
    private static String tenths(double seconds) {
        return seconds < 0 ? "-" : String.format(Locale.ROOT, "%.1f", seconds);
    }
}
