package io.hookshot.worker.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request changes of an endpoint, not yet checked: every empty field is left as it is. A given list or map
 * replaces the whole one. Immutable.
 *
 * @param rateLimit      empty: unchanged; holding empty: the limit is removed
 * @param disabled       true disables, false enables (and clears the reason)
 * @param disabledReason why it is disabled; only while it is, or with {@code disabled} true
 */
public record EndpointChanges(
        Optional<String> url,
        Optional<List<String>> eventTypes,
        Optional<List<String>> channels,
        Optional<String> description,
        Optional<Map<String, String>> headers,
        Optional<Optional<Long>> rateLimit,
        Optional<Boolean> disabled,
        Optional<String> disabledReason,
        Optional<Map<String, String>> metadata) {
    public EndpointChanges {
        Objects.requireNonNull(url, "url");
        eventTypes = eventTypes.map(List::copyOf);
        channels = channels.map(List::copyOf);
        Objects.requireNonNull(description, "description");
        headers = headers.map(h -> Collections.unmodifiableMap(new LinkedHashMap<>(h)));
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(disabled, "disabled");
        Objects.requireNonNull(disabledReason, "disabledReason");
        metadata = metadata.map(Map::copyOf);
    }

    /** Disables the endpoint, with a reason when one is given. */
    public static EndpointChanges disable(Optional<String> reason) {
        return onlyDisabled(true, reason);
    }

    /** Enables the endpoint (its disabled reason is cleared). */
    public static EndpointChanges enable() {
        return onlyDisabled(false, Optional.empty());
    }

    /** Changes of the disabled flag and its reason alone. */
    private static EndpointChanges onlyDisabled(boolean disabled, Optional<String> reason) {
        return new EndpointChanges(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(disabled),
                reason,
                Optional.empty());
    }
}
