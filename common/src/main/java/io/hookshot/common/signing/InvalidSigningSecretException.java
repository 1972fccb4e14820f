package io.hookshot.common.signing;

/** A text given as a signing secret is not a {@code whsec_} secret. The message never repeats the text. */
public final class InvalidSigningSecretException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSigningSecretException(String message) {
        super(message);
    }
}
