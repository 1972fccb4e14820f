package io.hookshot.spring;

import io.hookshot.producer.outbox.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The outbox relay's gauge {@value #ROWS_WAITING}: rows of its table waiting to be relayed (refused rows not counted),
 * counted in the database at each read of the gauge, as the worker's relay reports it. Thread-safe.
 */
public final class OutboxRelayMeters {
    public static final String ROWS_WAITING = "hookshot.outbox.rows.waiting";

    public OutboxRelayMeters(OutboxRelay relay, MeterRegistry registry) {
        Gauge.builder(ROWS_WAITING, relay, OutboxRelay::rowsWaiting)
                .description("Rows of the transactional outbox waiting to be relayed to Redis")
                .register(registry);
    }
}
