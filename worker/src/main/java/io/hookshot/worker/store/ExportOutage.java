package io.hookshot.worker.store;

import java.util.concurrent.TimeUnit;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link OutboxExporter}'s thread tells of an outage, in its log: once that the history is waiting (the first
 * failed pass), once that it caught up (the first pass after it that left no partition with a full batch), never a
 * line per retry. Not thread-safe: used by the exporter's thread alone.
 */
final class ExportOutage {
    /** The exporter's logger: these lines are its own. */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxExporter.class);

    private boolean waiting;
    private long sinceNanos;
    private long exportedSince;

    /** A pass failed: the first failure of an outage is logged, with what it was. */
    void failed(RuntimeException e) {
        if (waiting) {
            return;
        }
        waiting = true;
        sinceNanos = System.nanoTime();
        exportedSince = 0;
        if (e instanceof HistoryUnavailableException
                || e instanceof HistoryWriteException
                || e instanceof RedisException) {
            LOG.warn(
                    "history waiting: {}. Deliveries go on; their history stays in Redis's outbox and is written"
                            + " when this clears",
                    e.getMessage());
        } else {
            LOG.error("history waiting: outbox export stopped by an unexpected error; it will be retried", e);
        }
    }

    /** A pass succeeded, exporting {@code exported} entries; {@code backlogLeft}: a partition filled its batch. */
    void passed(int exported, boolean backlogLeft) {
        if (!waiting) {
            return;
        }
        exportedSince += exported;
        if (!backlogLeft) {
            waiting = false;
            LOG.info(
                    "history caught up: {} outbox entries written since it began waiting, {} ms ago",
                    exportedSince,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos));
        }
    }
}
