package io.hookshot.worker.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Requires {@code Authorization: Bearer <token>} on every request it guards, compared in constant time (SHA-256
 * digests of the given and the expected token, so not even the length leaks). With no
 * token (the server's {@code --insecure-no-auth}) it lets everything through. Immutable and thread-safe.
 */
final class BearerAuth implements Handler {
    static final String HEADER = "Authorization";
    private static final String SCHEME = "Bearer ";

    private final Optional<byte[]> token;

    /** {@code token}: the token required, or empty for none (local development only). */
    BearerAuth(Optional<String> token) {
        this.token = token.map(BearerAuth::sha256);
    }

    @Override
    public void handle(Context ctx) {
        if (token.isEmpty()) {
            return;
        }
        String header = ctx.header(HEADER);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.unauthorized(
                    "send the API token (HOOKSHOT_API_TOKEN) as 'Authorization: Bearer" + " <token>'");
        }
        byte[] given = sha256(header.substring(SCHEME.length()).strip());
        if (!MessageDigest.isEqual(given, token.get())) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw ApiException.unauthorized("the bearer token is not the API token (HOOKSHOT_API_TOKEN)");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
