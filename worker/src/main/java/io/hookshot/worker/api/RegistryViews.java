package io.hookshot.worker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.worker.registry.Endpoint;
import io.hookshot.worker.registry.EndpointSecret;
import io.hookshot.worker.registry.EventType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the registry's routes, shared with the registry commands' {@code --json}: records with times as
 * ISO-8601 text. An endpoint's secret shows only where it is asked for: when the endpoint is created, and on the
 * secret routes.
 */
public final class RegistryViews {
    private RegistryViews() {}

    /** An event type; {@code schema} is the JSON Schema itself, or null. */
    public record EventTypeJson(
            String name,
            String description,
            @JsonRawValue String schema,
            boolean archived,
            String createdAt,
            String updatedAt) {
        public static EventTypeJson of(EventType t) {
            return new EventTypeJson(
                    t.name().value(),
                    t.description(),
                    t.schema().orElse(null),
                    t.archived(),
                    Views.text(t.createdAt()),
                    Views.text(t.updatedAt()));
        }
    }

    /** An endpoint; {@code secret} only when it was just created (left out otherwise). */
    public record EndpointJson(
            String id,
            String tenant,
            String url,
            List<String> eventTypes,
            List<String> channels,
            String description,
            Map<String, String> headers,
            Integer rateLimit,
            boolean disabled,
            String disabledReason,
            Map<String, String> metadata,
            String createdAt,
            String updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
        public static EndpointJson of(Endpoint e) {
            return of(e, Optional.empty());
        }

        public static EndpointJson of(Endpoint e, Optional<SigningSecret> secret) {
            return new EndpointJson(
                    e.id().value(),
                    e.tenant().value(),
                    e.url().toString(),
                    e.eventTypes(),
                    e.channels(),
                    e.description(),
                    e.headers(),
                    e.rateLimit().orElse(null),
                    e.disabled(),
                    e.disabledReason().orElse(null),
                    e.metadata(),
                    Views.text(e.createdAt()),
                    Views.text(e.updatedAt()),
                    secret.map(SigningSecret::encoded).orElse(null));
        }
    }

    /** One rotated-out secret and when it stops signing. */
    public record PreviousSecretJson(String secret, String createdAt, String expiresAt) {}

    /** An endpoint's secrets that sign now: the current one, and the rotated-out ones in their grace period. */
    public record SecretsJson(String endpointId, String secret, String createdAt, List<PreviousSecretJson> previous) {
        public static SecretsJson of(String endpointId, List<EndpointSecret> secrets) {
            EndpointSecret current = secrets.stream()
                    .filter(s -> s.expiresAt().isEmpty())
                    .findFirst()
                    .orElseThrow();
            return new SecretsJson(
                    endpointId,
                    current.secret().encoded(),
                    Views.text(current.createdAt()),
                    secrets.stream()
                            .filter(s -> s.expiresAt().isPresent())
                            .map(s -> new PreviousSecretJson(
                                    s.secret().encoded(),
                                    Views.text(s.createdAt()),
                                    Views.text(s.expiresAt().get())))
                            .toList());
        }
    }

    /** A list of anything, as {@code {"items": [...]}}. */
    public record ItemsJson<T>(List<T> items) {}
}
