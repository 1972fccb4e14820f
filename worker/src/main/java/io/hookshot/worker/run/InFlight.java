package io.hookshot.worker.run;

import io.hookshot.worker.queue.Lease;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this worker holds: from claim until the settlement is acknowledged by Redis. The renewer extends them;
 * shutdown releases what is left. Thread-safe.
 */
final class InFlight {
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

    void add(Lease lease) {
        leases.put(lease.id(), lease);
    }

    void remove(Lease lease) {
        leases.remove(lease.id(), lease);
    }

    List<Lease> snapshot() {
        return List.copyOf(leases.values());
    }

    int size() {
        return leases.size();
    }
}
