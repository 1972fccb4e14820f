package io.hookshot.worker.run;

import io.hookshot.worker.queue.Lease;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this worker holds: from claim until the settlement is acknowledged by Redis, each either still
 * delivering or settling (its outcome handed to the acker). The renewer extends them all; shutdown releases what is
 * left. Thread-safe.
 */
final class InFlight {
    private enum Stage {
        DELIVERING,
        SETTLING
    }

    private record Held(Lease lease, Stage stage) {}

    private final ConcurrentHashMap<String, Held> leases = new ConcurrentHashMap<>();

    void add(Lease lease) {
        leases.put(lease.id(), new Held(lease, Stage.DELIVERING));
    }

    /** The delivery is over and its outcome is on its way to Redis. */
    void settling(Lease lease) {
        leases.computeIfPresent(
                lease.id(), (id, held) -> held.lease().equals(lease) ? new Held(lease, Stage.SETTLING) : held);
    }

    /**
     * Whether the job is still being delivered under this worker's lease. A lease found lost while settling is no
     * surprise: the settlement may have reached Redis just before the renewal did.
     */
    boolean delivering(String id) {
        Held held = leases.get(id);
        return held != null && held.stage() == Stage.DELIVERING;
    }

    void remove(Lease lease) {
        leases.computeIfPresent(lease.id(), (id, held) -> held.lease().equals(lease) ? null : held);
    }

    List<Lease> snapshot() {
        return leases.values().stream().map(Held::lease).toList();
    }

    int size() {
        return leases.size();
    }
}
