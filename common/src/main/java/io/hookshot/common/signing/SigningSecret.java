package io.hookshot.common.signing;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A symmetric Standard Webhooks signing secret: {@code whsec_} followed by the base64 of 24 to 64 random bytes; the
 * HMAC key is those bytes. Immutable and thread-safe.
 *
 * <p>Nothing this class says about itself shows the key: {@link #toString()} is redacted and the exceptions of
 * {@link #parse} never repeat their input. Only {@link #encoded()} gives the secret back, for storing it.
 */
public final class SigningSecret {
    /** The prefix that marks a symmetric (HMAC-SHA256) secret. */
    public static final String PREFIX = "whsec_";
    /** The shortest key the Standard Webhooks specification allows, in bytes (192 bits). */
    public static final int MIN_KEY_BYTES = 24;
    /** The longest key the Standard Webhooks specification allows, in bytes (512 bits). */
    public static final int MAX_KEY_BYTES = 64;

    private final byte[] key;

    private SigningSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Reads a secret in its {@code whsec_<base64>} form. Throws {@link InvalidSigningSecretException}, which says what
     * is wrong without repeating the text, when it is not one.
     */
    public static SigningSecret parse(String whsec) {
        Objects.requireNonNull(whsec, "signing secret");
        if (!whsec.startsWith(PREFIX)) {
            throw new InvalidSigningSecretException("signing secret must have the form whsec_<base64>; this one does"
                    + " not start with '" + PREFIX + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(whsec.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) { // its message quotes a character of the secret: not passed on
            throw new InvalidSigningSecretException("signing secret is not valid base64 after '" + PREFIX + "'");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new InvalidSigningSecretException("signing secret must hold " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                    + " bytes after '" + PREFIX + "', this one holds " + key.length);
        }
        return new SigningSecret(key);
    }

    /** The secret as {@code whsec_<base64>}, as {@link #parse} reads it. It is the secret itself: never log it. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** A copy of the HMAC key. */
    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningSecret s && MessageDigest.isEqual(key, s.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "SigningSecret[redacted]";
    }
}
