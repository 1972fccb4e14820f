package io.hookshot.common.events;

import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What fan-out needs to know of one registered endpoint: the copy kept in Redis (see {@link EventKeys#endpoints}) so
 * that publishing and fan-out work while PostgreSQL, the registry's source of truth, is down. Immutable.
 *
 * @param id         the endpoint
 * @param tenant     the tenant it belongs to
 * @param url        where its messages are posted
 * @param eventTypes the event types it receives; empty: all
 * @param channels   the channels it is limited to; empty: every event, whatever its channels
 * @param headers    extra request headers sent with each of its messages
 * @param secrets    its signing secrets, current first; a rotated-out one until its grace period ends
 * @param rateLimit  requests per second it accepts, if limited
 * @param disabled   a disabled endpoint receives nothing
 */
public record MirroredEndpoint(
        EndpointId id,
        TenantId tenant,
        URI url,
        Set<String> eventTypes,
        Set<String> channels,
        Map<String, String> headers,
        List<MirroredSecret> secrets,
        Optional<Integer> rateLimit,
        boolean disabled) {

    public MirroredEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(url, "url");
        eventTypes = Set.copyOf(eventTypes);
        channels = Set.copyOf(channels);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** Whether an event of {@code eventType} on {@code eventChannels} is sent here. */
    public boolean accepts(String eventType, Collection<String> eventChannels) {
        if (disabled || !(eventTypes.isEmpty() || eventTypes.contains(eventType))) {
            return false;
        }
        return channels.isEmpty() || eventChannels.stream().anyMatch(channels::contains);
    }

    /** The secrets a message made at {@code now} is signed with, current first. */
    public List<SigningSecret> secretsAt(Instant now) {
        return secrets.stream()
                .filter(s -> s.signsAt(now))
                .map(MirroredSecret::secret)
                .toList();
    }

    @Override
    public String toString() {
        return "MirroredEndpoint[id=" + id + ", tenant=" + tenant + ", url=" + url + ", disabled=" + disabled + "]";
    }
}
