package io.hookshot.testing;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.TenantId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mirrored endpoint with nothing but an id, a tenant and a URL: every event type, no channels, no headers, no
 * secrets, no rate limit, enabled.
 */
public final class BareEndpoint {
    private BareEndpoint() {}

    public static MirroredEndpoint of(String id, TenantId tenant, String url) {
        return new MirroredEndpoint(
                new EndpointId(id),
                tenant,
                URI.create(url),
                Set.of(),
                Set.of(),
                Map.of(),
                List.of(),
                Optional.empty(),
                false);
    }
}
