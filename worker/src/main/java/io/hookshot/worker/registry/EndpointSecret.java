package io.hookshot.worker.registry;

import io.hookshot.common.events.MirroredSecret;
import io.hookshot.common.signing.SigningSecret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One signing secret of an endpoint, as PostgreSQL holds it. Immutable; {@link #toString()} shows no secret.
 *
 * @param expiresAt when a rotated-out secret stops signing; empty for the current one
 */
public record EndpointSecret(SigningSecret secret, Instant createdAt, Optional<Instant> expiresAt) {
    public EndpointSecret {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether it still signs at {@code now}: the current secret, or one whose grace period has not ended. */
    public boolean signsAt(Instant now) {
        return expiresAt.map(now::isBefore).orElse(true);
    }

    /** As the Redis mirror holds it. */
    MirroredSecret mirrored() {
        return new MirroredSecret(secret, expiresAt);
    }
}
