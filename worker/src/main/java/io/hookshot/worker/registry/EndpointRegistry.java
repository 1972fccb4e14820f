package io.hookshot.worker.registry;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.producer.Message;
import io.hookshot.worker.config.RegistryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's endpoints and their signing secrets, shared by the admin API and the command line. Thread-safe.
 *
 * <p>Each change:
 * <ol>
 *   <li>In one transaction: raise the tenant's version (which locks its row: changes of one tenant take turns, so
 *       the endpoint limit holds), check and make the change, read the tenant's endpoints as they now are. A broken
 *       rule or a missing endpoint rolls everything back: nothing is half-written.</li>
 *   <li>After the commit: write them to the tenant's Redis mirror at that version; a mirror holding a newer version
 *       (a later change mirrored first) is left alone. When Redis fails, the change stands and the failure is
 *       logged: {@link MirrorRepair} writes it within {@value RegistryConfig#MIRROR_REPAIR_INTERVAL}.</li>
 * </ol>
 */
public final class EndpointRegistry {
    /** How long a rotated-out secret keeps signing unless the rotation says otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    /** The longest grace period a rotation may give. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);
    /** The size of a generated secret's key, in random bytes. */
    public static final int GENERATED_KEY_BYTES = 32;
    /** Rotated-out secrets that may sign beside the current one: a message carries at most this many plus one. */
    static final int MAX_PREVIOUS_SECRETS = Message.MAX_SIGNING_SECRETS - 1;

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRegistry.class);

    /** A new endpoint and its current secret. */
    public record Created(Endpoint endpoint, SigningSecret secret) {}

    private record Committed<T>(T result, TenantSnapshot snapshot) {}

    private final Jdbi jdbi;
    private final RegistryMirror mirror;
    private final EndpointRules rules;
    private final int maxPerTenant;
    private final Clock clock;
    private final RandomGenerator random;

    EndpointRegistry(
            Jdbi jdbi,
            RegistryMirror mirror,
            EndpointRules rules,
            int maxPerTenant,
            Clock clock,
            RandomGenerator random) {
        this.jdbi = jdbi;
        this.mirror = mirror;
        this.rules = rules;
        this.maxPerTenant = maxPerTenant;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Registers an endpoint with its secret (a new random one when the draft has none). Throws
     * {@link InvalidRegistryInputException} naming a bad field, {@link RegistryConflictException} when the tenant has
     * {@value RegistryConfig#MAX_ENDPOINTS_PER_TENANT} endpoints already.
     */
    public Created create(TenantId tenant, EndpointDraft draft) {
        Instant now = clock.instant();
        Endpoint endpoint = rules.endpoint(EndpointId.random(), tenant, draft, now);
        SigningSecret secret = draft.secret().map(EndpointRules::secret).orElseGet(this::generateSecret);
        return change(tenant, (h, at) -> {
                    if (EndpointStore.count(h, tenant) >= maxPerTenant) {
                        throw new RegistryConflictException(
                                "tenant",
                                "tenant " + tenant + " has " + maxPerTenant + " endpoints, the most allowed ("
                                        + RegistryConfig.MAX_ENDPOINTS_PER_TENANT + ")");
                    }
                    EndpointStore.insert(h, endpoint);
                    SecretStore.insert(h, endpoint.id(), secret, now);
                    return Optional.of(new Created(endpoint, secret));
                })
                .orElseThrow();
    }

    /** The tenant's endpoints, oldest first. */
    public List<Endpoint> list(TenantId tenant) {
        return jdbi.withHandle(h -> EndpointStore.list(h, List.of(tenant)));
    }

    public Optional<Endpoint> find(TenantId tenant, EndpointId id) {
        return jdbi.withHandle(h -> EndpointStore.find(h, tenant, id));
    }

    /** Applies the changes; empty when the tenant has no such endpoint. Throws as {@link #create} does. */
    public Optional<Endpoint> update(TenantId tenant, EndpointId id, EndpointChanges changes) {
        return change(
                tenant,
                (h, now) -> EndpointStore.find(h, tenant, id).map(existing -> {
                    Endpoint changed = rules.apply(existing, changes, now);
                    EndpointStore.update(h, changed);
                    return changed;
                }));
    }

    /**
     * Disables the endpoint with {@code reason}, as {@code PATCH {"disabled": true}} does, unless it is disabled
     * already: of several callers at once (they take turns on the tenant's row), one disables it and the others find
     * it done. Returns the endpoint when this call disabled it; empty when it was disabled or is gone.
     */
    public Optional<Endpoint> disableIfEnabled(TenantId tenant, EndpointId id, String reason) {
        String kept = reason.length() > EndpointRules.MAX_TEXT_LENGTH
                ? reason.substring(0, EndpointRules.MAX_TEXT_LENGTH)
                : reason;
        return change(
                tenant,
                (h, now) -> EndpointStore.find(h, tenant, id)
                        .filter(existing -> !existing.disabled())
                        .map(existing -> {
                            Endpoint changed = rules.apply(existing, EndpointChanges.disable(Optional.of(kept)), now);
                            EndpointStore.update(h, changed);
                            return changed;
                        }));
    }

    /**
     * Writes the tenant's mirror again from what PostgreSQL holds, as a change does after its commit: for a change
     * whose own mirror write failed (Redis was down), so that its effects (a disabled endpoint's breaker cleared) do
     * not wait for the next mirror repair. Throws when PostgreSQL or Redis fails.
     */
    public void mirrorAgain(TenantId tenant) {
        Instant now = clock.instant();
        TenantSnapshot snapshot = jdbi.inTransaction(
                TransactionIsolationLevel.REPEATABLE_READ,
                h -> TenantSnapshots.read(h, tenant, EndpointStore.version(h, tenant), now));
        mirror.write(snapshot, false);
    }

    /** The tenant of endpoint {@code id}, when it is registered (endpoint ids are unique across tenants). */
    public Optional<TenantId> tenantOf(EndpointId id) {
        return jdbi.withHandle(h -> EndpointStore.tenantOf(h, id));
    }

    /** Deletes the endpoint and its secrets, and removes it from the mirror; false when there is no such endpoint. */
    public boolean delete(TenantId tenant, EndpointId id) {
        return change(
                        tenant,
                        (h, now) -> EndpointStore.delete(h, tenant, id) ? Optional.of(true) : Optional.<Boolean>empty())
                .orElse(false);
    }

    /** The endpoint's secrets that sign now, current first; empty when there is no such endpoint. */
    public Optional<List<EndpointSecret>> secrets(TenantId tenant, EndpointId id) {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> EndpointStore.find(h, tenant, id).map(e -> SecretStore.signing(h, id, now)));
    }

    /**
     * Makes {@code secret} (a new random one when empty) the endpoint's current secret; the one before keeps signing
     * for {@code grace} ({@link #DEFAULT_GRACE} when empty; 0 ends it at once). At most
     * {@value #MAX_PREVIOUS_SECRETS} rotated-out secrets keep signing: a further rotation ends the oldest one's grace
     * at once. Returns the secrets that sign now, current first; empty when there is no such endpoint.
     */
    public Optional<List<EndpointSecret>> rotate(
            TenantId tenant, EndpointId id, Optional<String> secret, Optional<Duration> grace) {
        Duration keep = grace.orElse(DEFAULT_GRACE);
        if (keep.isNegative() || keep.compareTo(MAX_GRACE) > 0) {
            throw EndpointRules.invalid(
                    "graceSeconds",
                    "graceSeconds must be from 0 to " + MAX_GRACE.toSeconds() + " (" + MAX_GRACE.toDays()
                            + " days), got " + keep.toSeconds());
        }
        SigningSecret next = secret.map(EndpointRules::secret).orElseGet(this::generateSecret);
        return change(
                tenant,
                (h, now) -> EndpointStore.find(h, tenant, id).map(existing -> {
                    SecretStore.prune(h, id, MAX_PREVIOUS_SECRETS, now);
                    if (SecretStore.signing(h, id, now).stream()
                            .anyMatch(s -> s.secret().equals(next))) {
                        throw new RegistryConflictException(
                                "secret", "secret signs for this endpoint already: rotate to a" + " new one");
                    }
                    SecretStore.endCurrent(h, id, now.plus(keep));
                    SecretStore.insert(h, id, next, now);
                    SecretStore.prune(h, id, MAX_PREVIOUS_SECRETS, now);
                    EndpointStore.touch(h, id, now);
                    return SecretStore.signing(h, id, now);
                }));
    }

    /**
     * Runs one change of the tenant's endpoints as the class comment says; {@code work} returns empty for "no such
     * endpoint", which rolls back and writes no mirror.
     */
    private <T> Optional<T> change(TenantId tenant, BiFunction<Handle, Instant, Optional<T>> work) {
        Committed<T> committed = jdbi.inTransaction(h -> {
            Instant now = clock.instant();
            long version = EndpointStore.raiseVersion(h, tenant, now);
            Optional<T> result = work.apply(h, now);
            if (result.isEmpty()) {
                h.rollback();
                return null;
            }
            return new Committed<>(result.get(), TenantSnapshots.read(h, tenant, version, now));
        });
        if (committed == null) {
            return Optional.empty();
        }
        try {
            mirror.write(committed.snapshot(), false);
        } catch (RuntimeException e) {
            LOG.warn(
                    "tenant {}'s endpoints changed (version {}), but their Redis mirror could not be written ({});"
                            + " the next mirror repair writes it",
                    tenant,
                    committed.snapshot().version(),
                    e.toString());
        }
        return Optional.of(committed.result());
    }

    private SigningSecret generateSecret() {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return SigningSecret.parse(SigningSecret.PREFIX + Base64.getEncoder().encodeToString(key));
    }
}
