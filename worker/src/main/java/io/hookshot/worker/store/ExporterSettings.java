package io.hookshot.worker.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link OutboxExporter} drains the outbox. Immutable; validated on construction.
 *
 * @param batchSize        most entries read from one partition and written in one transaction
 * @param idlePollInterval how long the exporter waits after a pass that found nothing, before the next one
 * @param claimIdle        entries pending this long on another consumer (an exporter that died) are taken over;
 *                         also how often (at half of it) the exporter looks for them. Keep it well above the time
 *                         one batch write may take ({@link Database#CONNECTION_TIMEOUT} and a write): a live
 *                         exporter's entries taken over are written twice, which is harmless but wasted. A live
 *                         exporter retrying a failed batch reads it again, which keeps its entries from going idle.
 */
public record ExporterSettings(int batchSize, Duration idlePollInterval, Duration claimIdle) {
    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final Duration DEFAULT_IDLE_POLL_INTERVAL = Duration.ofMillis(50);
    /** After a worker dies, its unexported entries reach Postgres within about 1.5 times this. */
    public static final Duration DEFAULT_CLAIM_IDLE = Duration.ofSeconds(15);
    /** The largest batch allowed: one transaction should stay well under a second. */
    public static final int MAX_BATCH_SIZE = 10_000;

    public ExporterSettings {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "exporter batch size must be 1 to " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        Objects.requireNonNull(idlePollInterval, "idlePollInterval");
        Objects.requireNonNull(claimIdle, "claimIdle");
        if (idlePollInterval.isNegative() || idlePollInterval.isZero()) {
            throw new IllegalArgumentException("exporter idle poll interval must be positive, got " + idlePollInterval);
        }
        if (claimIdle.isNegative()) {
            throw new IllegalArgumentException("exporter claim idle time must not be negative, got " + claimIdle);
        }
    }

    /** Every setting at its {@code DEFAULT_*}. */
    public static ExporterSettings defaults() {
        return new ExporterSettings(DEFAULT_BATCH_SIZE, DEFAULT_IDLE_POLL_INTERVAL, DEFAULT_CLAIM_IDLE);
    }

    public ExporterSettings withBatchSize(int size) {
        return new ExporterSettings(size, idlePollInterval, claimIdle);
    }

    public ExporterSettings withIdlePollInterval(Duration interval) {
        return new ExporterSettings(batchSize, interval, claimIdle);
    }

    public ExporterSettings withClaimIdle(Duration idle) {
        return new ExporterSettings(batchSize, idlePollInterval, idle);
    }
}
