package io.hookshot.common;

/** A stored job could not be read: it is corrupt, or was written by an unknown codec version. */
public final class JobDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JobDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
