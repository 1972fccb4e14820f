package io.hookshot.worker.metrics;

import io.hookshot.worker.queue.EndpointHealthReader;
import io.hookshot.worker.queue.EndpointHealthReader.EndpointHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Endpoint health as meters, with labels bounded by the states (never by endpoint): how many endpoints are in each
 * state, how many messages their breakers and pauses hold, and how many breakers opened. Refreshed by
 * {@link QueueGauges}' thread from {@link EndpointHealthReader}. Not thread-safe: refreshed on one thread.
 */
final class EndpointGauges {
    /** Endpoints by {@link QueueGauges#STATE}: {@code hookshot_endpoint_state}. */
    static final String ENDPOINT_STATE = "hookshot.endpoint.state";
    /** Ready messages held by open breakers, pauses and rate limits: {@code hookshot_endpoint_held_messages}. */
    static final String HELD = "hookshot.endpoint.held.messages";
    /** Breakers seen opening (closed at one refresh, open at the next): {@code hookshot_endpoint_breaker_opened_total}. */
    static final String BREAKER_OPENED = "hookshot.endpoint.breaker.opened";

    static final List<String> STATES = List.of("open", "half_open", "paused", "rate_limited");

    private final EndpointHealthReader reader;
    private final Clock clock;
    private final Map<String, AtomicLong> byState = new LinkedHashMap<>();
    private final AtomicLong held = new AtomicLong();
    private final Counter opened;
    private Set<String> open = Set.of();

    EndpointGauges(EndpointHealthReader reader, String queue, MeterRegistry registry, Clock clock) {
        this.reader = reader;
        this.clock = clock;
        for (String state : STATES) {
            AtomicLong count = new AtomicLong();
            byState.put(state, count);
            Gauge.builder(ENDPOINT_STATE, count, AtomicLong::get)
                    .tag(QueueGauges.QUEUE, queue)
                    .tag(QueueGauges.STATE, state)
                    .description("Endpoints in each state other than closed")
                    .register(registry);
        }
        Gauge.builder(HELD, held, AtomicLong::get)
                .tag(QueueGauges.QUEUE, queue)
                .description("Ready messages waiting on an open breaker, a pause or a rate limit")
                .register(registry);
        this.opened = Counter.builder(BREAKER_OPENED)
                .tag(QueueGauges.QUEUE, queue)
                .description("Circuit breakers seen opening")
                .register(registry);
    }

    /** Reads every endpoint's health once and sets the meters. */
    void refresh() {
        List<EndpointHealth> all = reader.read(ep -> true, clock.instant());
        byState.values().forEach(c -> c.set(0));
        Set<String> nowOpen = new HashSet<>();
        long heldNow = 0;
        for (EndpointHealth h : all) {
            AtomicLong count = byState.get(h.state());
            if (count != null) {
                count.incrementAndGet();
            }
            heldNow += h.held();
            if (!h.state().equals("closed")) {
                if (h.openedAt().isPresent()) {
                    nowOpen.add(h.endpoint() + "@" + h.openedAt().get().toEpochMilli());
                }
            }
        }
        nowOpen.stream().filter(e -> !open.contains(e)).forEach(e -> opened.increment());
        open = nowOpen;
        held.set(heldNow);
    }
}
