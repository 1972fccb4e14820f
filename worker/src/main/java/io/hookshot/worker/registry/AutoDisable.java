package io.hookshot.worker.registry;

import io.hookshot.common.RedisKeys;
import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import io.hookshot.worker.store.EndpointStats;
import io.hookshot.worker.store.EventHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disables registered endpoints that have been failing continuously for too long, as Svix does after five days. One
 * pass ({@link #run()}), run periodically by every worker ({@link AutoDisableSchedule}):
 * <ol>
 *   <li>Find, in each partition's health hash, the registered endpoints ({@code ep_...}; never a URL's origin) whose
 *       circuit breaker opened (field {@code o}, Redis server clock) at least {@code after} ago and is still open or
 *       half open (a breaker that closes clears it).</li>
 *   <li>For each, find its tenant and its latest failed attempt in PostgreSQL, and disable it through the registry,
 *       as {@code PATCH {"disabled": true}} does, with the reason {@code failing since <time>: <last error>}. Of
 *       several workers at once one disables it; the others find it disabled and do nothing.</li>
 *   <li>The registry's mirror write then clears the endpoint's breaker (so its held messages are claimed and end dead
 *       with {@code endpoint_disabled}) and records one {@code endpoint.disabled} operational event. An endpoint found
 *       disabled already with its breaker still open (that write failed) has its mirror written again.</li>
 * </ol>
 * It needs PostgreSQL: while PostgreSQL is down a pass fails and the schedule tries again later. Thread-safe.
 */
public final class AutoDisable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoDisable.class);
    /** The health hash fields of registered endpoints' breaker opening times: {@code ep_...|o}. */
    private static final String OPENED_FIELDS = EndpointId.PREFIX + "*|o";
    /** How far before the breaker opened the reason's last error is looked for. */
    private static final Duration LOOK_BACK = Duration.ofHours(1);

    private final RedissonClient redis;
    private final String queue;
    private final int partitions;
    private final EndpointRegistry registry;
    private final EventHistory history;
    private final Duration after;
    private final Clock clock;

    AutoDisable(
            RedissonClient redis,
            String queue,
            int partitions,
            EndpointRegistry registry,
            EventHistory history,
            Duration after,
            Clock clock) {
        this.redis = redis;
        this.queue = queue;
        this.partitions = partitions;
        this.registry = registry;
        this.history = history;
        this.after = after;
        this.clock = clock;
    }

    /** How long an endpoint's breaker stays open before it is disabled. */
    public Duration after() {
        return after;
    }

    /** One pass; returns the endpoints this pass disabled. Throws when Redis or PostgreSQL fails. */
    public List<EndpointId> run() {
        Instant now = clock.instant();
        List<EndpointId> disabled = new ArrayList<>();
        for (Map.Entry<EndpointId, Instant> failing :
                failingSince(now.minus(after)).entrySet()) {
            EndpointId id = failing.getKey();
            Optional<TenantId> tenant = registry.tenantOf(id);
            if (tenant.isEmpty()) {
                continue; // deleted: its messages end dead with endpoint_deleted
            }
            String reason = reason(tenant.get(), id, failing.getValue());
            if (registry.disableIfEnabled(tenant.get(), id, reason).isPresent()) {
                LOG.warn("disabled endpoint {} of tenant {}: {}", id, tenant.get(), reason);
                disabled.add(id);
            } else {
                // Disabled already, yet its breaker still holds: the mirror write that clears it failed (or is
                // running on another worker). Write it again; a second write changes nothing.
                registry.mirrorAgain(tenant.get());
            }
        }
        return disabled;
    }

    /** Registered endpoints whose breaker opened at or before {@code openedBy}, with when it opened. */
    private Map<EndpointId, Instant> failingSince(Instant openedBy) {
        Map<EndpointId, Instant> found = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            String key = new RedisKeys(queue, p).health();
            for (Map.Entry<String, String> field :
                    redis.<String, String>getMap(key, StringCodec.INSTANCE).entrySet(OPENED_FIELDS)) {
                String name = field.getKey();
                Optional<EndpointId> id = endpointId(name.substring(0, name.length() - 2));
                Instant opened = openedAt(field.getValue());
                if (id.isPresent() && opened != null && !opened.isAfter(openedBy)) {
                    found.put(id.get(), opened);
                }
            }
        }
        return found;
    }

    private String reason(TenantId tenant, EndpointId id, Instant since) {
        // From a little before the opening: the attempts that opened the breaker came just before it.
        EndpointStats.LastError last = history.stats(tenant.value(), id.value(), since.minus(LOOK_BACK))
                .lastError();
        String error = last == null
                ? "no failed attempt in the history yet"
                : (last.statusCode() != null ? "HTTP " + last.statusCode() : last.errorClass())
                        + (last.message() == null || last.message().isBlank() ? "" : " " + last.message());
        return "failing since " + since + ": " + error;
    }

    private static Optional<EndpointId> endpointId(String text) {
        try {
            return Optional.of(new EndpointId(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Instant openedAt(String ms) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(ms));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
