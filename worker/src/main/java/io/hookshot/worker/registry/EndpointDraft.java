package io.hookshot.worker.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A new endpoint as a request gives it, not yet checked: {@link EndpointRegistry#create} applies
 * {@link EndpointRules}. Immutable.
 *
 * @param eventTypes     the event types it receives; empty: every type
 * @param channels       the channels it is limited to; empty: every event
 * @param secret         its signing secret ({@code whsec_...}); empty: one is generated
 * @param rateLimit      requests per second it accepts; empty: not limited
 * @param disabledReason why it starts disabled; only with {@code disabled}
 */
public record EndpointDraft(
        String url,
        List<String> eventTypes,
        List<String> channels,
        String description,
        Map<String, String> headers,
        Optional<String> secret,
        Optional<Long> rateLimit,
        boolean disabled,
        Optional<String> disabledReason,
        Map<String, String> metadata) {
    public EndpointDraft {
        Objects.requireNonNull(url, "url");
        eventTypes = List.copyOf(eventTypes);
        channels = List.copyOf(channels);
        Objects.requireNonNull(description, "description");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(disabledReason, "disabledReason");
        metadata = Map.copyOf(metadata);
    }

    @Override
    public String toString() {
        return "EndpointDraft[url=" + url + ", secret=" + (secret.isPresent() ? "(given)" : "(generated)") + "]";
    }
}
