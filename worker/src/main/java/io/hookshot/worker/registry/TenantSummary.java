package io.hookshot.worker.registry;

import io.hookshot.common.events.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One tenant as the registry knows it ({@code hookshot_tenant}): how many endpoints it has now, how many of them are
 * disabled, and when it was created and its endpoints last changed. Immutable.
 *
 * @param endpoints         its endpoints now, disabled ones included; 0 once they were all deleted
 * @param disabledEndpoints how many of them are disabled
 */
public record TenantSummary(TenantId id, long endpoints, long disabledEndpoints, Instant createdAt, Instant updatedAt) {
    public TenantSummary {
        Objects.requireNonNull(id, "id");
    }
}
