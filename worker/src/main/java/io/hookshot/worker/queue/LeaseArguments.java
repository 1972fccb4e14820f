package io.hookshot.worker.queue;

import java.util.List;

/** The arguments {@code extend} and {@code release} take for each lease: job id, then fencing token. */
final class LeaseArguments {
    private LeaseArguments() {}

    static void add(List<Object> args, List<Lease> leases) {
        for (Lease lease : leases) {
            args.add(lease.id());
            args.add(lease.token());
        }
    }
}
