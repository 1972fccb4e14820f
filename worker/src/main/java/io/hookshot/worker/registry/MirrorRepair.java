package io.hookshot.worker.registry;

import io.hookshot.common.events.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Rewrites the registry's Redis mirror from PostgreSQL: after the mirror was lost (a Redis without persistence
 * restarted, keys deleted), after a change whose mirror write failed, and to drop secrets whose grace period ended.
 * Every worker runs it at start and then every {@code HOOKSHOT_MIRROR_REPAIR_INTERVAL} ({@link MirrorRepairSchedule});
 * runs of several workers at once are safe. Thread-safe.
 *
 * <ol>
 *   <li>The catalogue: every event type's state, replacing the whole hash.</li>
 *   <li>The tenants PostgreSQL knows, {@value #PAGE} at a time, each page read in one repeatable-read transaction
 *       (every state matches its version): each tenant's mirror is rewritten with its endpoints and the secrets that
 *       still sign, or deleted when it has none. A mirror holding a newer version is left alone, unless PostgreSQL
 *       now holds an older one than the mirror (it was restored from a backup): then PostgreSQL's state is forced.</li>
 *   <li>The mirrors of tenants PostgreSQL does not know are deleted, the same way.</li>
 * </ol>
 */
public final class MirrorRepair {
    /** Tenants read per transaction. */
    static final int PAGE = 500;

    /** What one run wrote: event types, tenants and their endpoints, and mirrors deleted for unknown tenants. */
    public record Report(int eventTypes, int tenants, int endpoints, int removed) {}

    private final Jdbi jdbi;
    private final RegistryMirror mirror;
    private final Clock clock;

    MirrorRepair(Jdbi jdbi, RegistryMirror mirror, Clock clock) {
        this.jdbi = jdbi;
        this.mirror = mirror;
        this.clock = clock;
    }

    /** One repair; throws when PostgreSQL or Redis fails (what was written so far stays written, and is correct). */
    public Report run() {
        Instant now = clock.instant();
        Map<String, Boolean> types = jdbi.withHandle(EventTypeCatalog::states);
        mirror.eventTypes(types, true);
        Set<TenantId> known = new HashSet<>();
        int endpoints = 0;
        String after = "";
        while (true) {
            String from = after;
            List<TenantSnapshot> page = jdbi.inTransaction(
                    TransactionIsolationLevel.REPEATABLE_READ,
                    h -> TenantSnapshots.read(h, EndpointStore.versionsAfter(h, from, PAGE), now));
            for (TenantSnapshot snapshot : page) {
                known.add(snapshot.tenant());
                endpoints += snapshot.endpoints().size();
                write(snapshot, now);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast().tenant().value();
        }
        int removed = 0;
        for (TenantId tenant : mirror.tenants()) {
            if (!known.contains(tenant)) {
                write(new TenantSnapshot(tenant, 0, List.of()), now);
                removed++;
            }
        }
        return new Report(types.size(), known.size(), endpoints, removed);
    }

    /** Writes a snapshot; when the mirror holds a newer version, reads the tenant again and settles as above. */
    private void write(TenantSnapshot snapshot, Instant now) {
        RegistryMirror.Outcome outcome = mirror.write(snapshot, false);
        if (outcome.written()) {
            return;
        }
        TenantId tenant = snapshot.tenant();
        TenantSnapshot current = jdbi.inTransaction(
                TransactionIsolationLevel.REPEATABLE_READ,
                h -> TenantSnapshots.read(h, tenant, EndpointStore.version(h, tenant), now));
        mirror.write(current, current.version() < outcome.version());
    }
}
