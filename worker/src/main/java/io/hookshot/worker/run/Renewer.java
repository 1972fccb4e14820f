package io.hookshot.worker.run;

import io.hookshot.worker.queue.Lease;
import io.hookshot.worker.queue.RedisJobQueue;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of the jobs in flight, all in one pipelined round trip per {@link #renew()}: the worker's timer
 * calls it every lease/3, a test calls it itself. A lease found lost while its job is still being delivered is
 * logged: the delivery goes on, and the acker will find its outcome stale and count it. Thread-safe.
 */
final class Renewer {
    private static final Logger LOG = LoggerFactory.getLogger(Renewer.class);

    private final RedisJobQueue queue;
    private final InFlight inFlight;

    Renewer(RedisJobQueue queue, InFlight inFlight) {
        this.queue = queue;
        this.inFlight = inFlight;
    }

    /** One pass; returns the ids of the jobs whose lease was lost (none when Redis could not be reached). */
    Set<String> renew() {
        List<Lease> leases = inFlight.snapshot();
        if (leases.isEmpty()) {
            return Set.of();
        }
        try {
            Set<String> lost = queue.extend(leases);
            for (String id : lost) {
                if (inFlight.delivering(id)) {
                    LOG.warn("lease of {} was lost while delivering; its outcome will be stale", id);
                }
            }
            return lost;
        } catch (RuntimeException e) {
            LOG.warn("could not renew {} leases: {}", leases.size(), e.toString());
            return Set.of();
        }
    }
}
