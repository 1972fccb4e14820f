package io.hookshot.common.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks symmetric signature: {@code v1,} and the base64 HMAC-SHA256, keyed with the secret, of
 * {@code <msg id>.<timestamp>.<body>}. Pure and thread-safe (stateless).
 */
public final class WebhookSigner {
    /** The version tag of a symmetric (HMAC-SHA256) signature. */
    public static final String VERSION = "v1";

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte DOT = '.';

    private WebhookSigner() {}

    /**
     * The {@code webhook-signature} header value: one {@code v1,<base64>} entry per secret, in order, separated by
     * spaces (several while a secret is being rotated).
     *
     * @param msgId            the {@code webhook-id} header value
     * @param timestampSeconds the {@code webhook-timestamp} header value
     * @param body             the exact bytes sent as the request body
     * @param secrets          at least one
     */
    public static String sign(String msgId, long timestampSeconds, byte[] body, List<SigningSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("signing needs at least one secret");
        }
        StringBuilder header = new StringBuilder();
        for (SigningSecret secret : secrets) {
            if (!header.isEmpty()) {
                header.append(' ');
            }
            header.append(VERSION)
                    .append(',')
                    .append(Base64.getEncoder().encodeToString(hmac(secret, msgId, timestampSeconds, body)));
        }
        return header.toString();
    }

    /** The raw HMAC-SHA256 of {@code <msgId>.<timestampSeconds>.<body>} under {@code secret}. */
    static byte[] hmac(SigningSecret secret, String msgId, long timestampSeconds, byte[] body) {
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(body, "body");
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is not thread-safe: one per signature, it is cheap
            mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
            mac.update(msgId.getBytes(StandardCharsets.UTF_8));
            mac.update(DOT);
            mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
            mac.update(DOT);
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
        }
    }
}
