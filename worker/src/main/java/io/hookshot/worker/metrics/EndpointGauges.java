package io.hookshot.worker.metrics;

import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.EndpointHealthReader.EndpointHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Endpoint health as meters: how many endpoints are in each state, how many messages their breakers, pauses and rate
 * limits hold, and how many breakers opened. The {@value #ENDPOINT} label is bounded: it names this worker's
 * {@value #TOP_ENDPOINTS} busiest endpoints ({@link EndpointTraffic}) and sums every other as {@value #OTHER}, whose
 * series always exist. Refreshed by {@link QueueGauges}' thread from {@link EndpointHealthReader}. Not thread-safe:
 * refreshed on one thread.
 */
final class EndpointGauges {
    /** Endpoints by {@link QueueGauges#STATE} and {@link #ENDPOINT}: {@code hookshot_endpoint_state}. */
    static final String ENDPOINT_STATE = "hookshot.endpoint.state";
    /** Ready messages held by open breakers, pauses and rate limits: {@code hookshot_endpoint_held_messages}. */
    static final String HELD = "hookshot.endpoint.held.messages";
    /** Breakers seen opening (closed at one refresh, open at the next): {@code hookshot_endpoint_breaker_opened_total}. */
    static final String BREAKER_OPENED = "hookshot.endpoint.breaker.opened";
    /** The label naming an endpoint (an origin or a registered endpoint's id), or {@value #OTHER}. */
    static final String ENDPOINT = "endpoint";
    /** The {@link #ENDPOINT} of every endpoint not among the busiest. */
    static final String OTHER = "_other";
    /** How many endpoints the meters name. */
    static final int TOP_ENDPOINTS = 10;

    static final List<String> STATES = List.of("open", "half_open", "paused", "rate_limited");

    private final EndpointHealthReader reader;
    private final EndpointTraffic traffic;
    private final Clock clock;
    private final MeterRegistry registry;
    private final String queue;
    private final MultiGauge byState;
    private final MultiGauge held;
    private final Map<String, Counter> opened = new HashMap<>();
    private Set<String> open = Set.of();

    EndpointGauges(
            EndpointHealthReader reader, EndpointTraffic traffic, String queue, MeterRegistry registry, Clock clock) {
        this.reader = reader;
        this.traffic = traffic;
        this.clock = clock;
        this.registry = registry;
        this.queue = queue;
        this.byState = MultiGauge.builder(ENDPOINT_STATE)
                .tag(QueueGauges.QUEUE, queue)
                .description("Endpoints in each state other than closed")
                .register(registry);
        this.held = MultiGauge.builder(HELD)
                .tag(QueueGauges.QUEUE, queue)
                .description("Ready messages waiting on an open breaker, a pause or a rate limit")
                .register(registry);
        publish(new LinkedHashMap<>(), Map.of(OTHER, 0L));
        openedCounter(OTHER);
    }

    /** Reads every endpoint's health once and sets the meters. */
    void refresh() {
        List<EndpointHealth> all = reader.read(ep -> true, clock.instant());
        Set<String> busiest = traffic.busiest(TOP_ENDPOINTS);
        Map<List<String>, Long> states = new LinkedHashMap<>();
        Map<String, Long> heldBy = new LinkedHashMap<>();
        heldBy.put(OTHER, 0L);
        Set<String> nowOpen = new HashSet<>();
        for (EndpointHealth h : all) {
            String label = busiest.contains(h.endpoint()) ? h.endpoint() : OTHER;
            if (STATES.contains(h.state())) {
                states.merge(List.of(h.state(), label), 1L, Long::sum);
            }
            if (h.held() > 0 || label.equals(OTHER)) {
                heldBy.merge(label, h.held(), Long::sum);
            }
            if (!h.state().equals("closed") && h.openedAt().isPresent()) {
                String breaker = h.endpoint() + "@" + h.openedAt().get().toEpochMilli();
                nowOpen.add(breaker);
                if (!open.contains(breaker)) {
                    openedCounter(label).increment();
                }
            }
        }
        open = nowOpen;
        publish(states, heldBy);
        forgetCountersOutside(busiest);
    }

    private void publish(Map<List<String>, Long> states, Map<String, Long> heldBy) {
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        for (String state : STATES) { // the rest's series always exist, so that alerts on them see a 0
            states.putIfAbsent(List.of(state, OTHER), 0L);
        }
        states.forEach((k, count) ->
                stateRows.add(MultiGauge.Row.of(Tags.of(QueueGauges.STATE, k.get(0), ENDPOINT, k.get(1)), count)));
        byState.register(stateRows, true);
        List<MultiGauge.Row<?>> heldRows = new ArrayList<>();
        heldBy.forEach((label, count) -> heldRows.add(MultiGauge.Row.of(Tags.of(ENDPOINT, label), count)));
        held.register(heldRows, true);
    }

    private Counter openedCounter(String label) {
        return opened.computeIfAbsent(
                label,
                l -> Counter.builder(BREAKER_OPENED)
                        .tag(QueueGauges.QUEUE, queue)
                        .tag(ENDPOINT, l)
                        .description("Circuit breakers seen opening")
                        .register(registry));
    }

    /** Removes the counters of endpoints no longer among the busiest, so that the labels stay bounded. */
    private void forgetCountersOutside(Set<String> busiest) {
        opened.entrySet().removeIf(e -> {
            boolean gone = !e.getKey().equals(OTHER) && !busiest.contains(e.getKey());
            if (gone) {
                registry.remove(e.getValue());
            }
            return gone;
        });
    }
}
