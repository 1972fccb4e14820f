package io.hookshot.worker.registry;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered endpoint, as PostgreSQL holds it, without its secrets ({@link EndpointSecret}). Immutable;
 * {@link #toString()} shows neither headers nor metadata.
 *
 * @param eventTypes     the event types it receives, sorted; empty: every type
 * @param channels       the channels it is limited to, sorted; empty: every event
 * @param headers        extra request headers sent with each of its messages, in order
 * @param rateLimit      requests per second it accepts, if limited
 * @param disabledReason why it was disabled, when it is and a reason was given
 * @param metadata       the user's own notes about it, never sent
 */
public record Endpoint(
        EndpointId id,
        TenantId tenant,
        URI url,
        List<String> eventTypes,
        List<String> channels,
        String description,
        Map<String, String> headers,
        Optional<Integer> rateLimit,
        boolean disabled,
        Optional<String> disabledReason,
        Map<String, String> metadata,
        Instant createdAt,
        Instant updatedAt) {
    public Endpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(url, "url");
        eventTypes = eventTypes.stream().sorted().toList();
        channels = channels.stream().sorted().toList();
        Objects.requireNonNull(description, "description");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(disabledReason, "disabledReason");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Without its headers and metadata, which may hold credentials. */
    @Override
    public String toString() {
        return "Endpoint[id=" + id + ", tenant=" + tenant + ", url=" + url + ", disabled=" + disabled + "]";
    }
}
