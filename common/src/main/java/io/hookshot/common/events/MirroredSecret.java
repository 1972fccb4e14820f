package io.hookshot.common.events;

import io.hookshot.common.signing.SigningSecret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One signing secret of an endpoint, as the Redis mirror holds it.
 *
 * @param secret    the secret
 * @param expiresAt when a rotated-out secret stops signing; empty for the current secret
 */
public record MirroredSecret(SigningSecret secret, Optional<Instant> expiresAt) {
    public MirroredSecret {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether this secret still signs at {@code now}. */
    public boolean signsAt(Instant now) {
        return expiresAt.map(now::isBefore).orElse(true);
    }
}
