package io.hookshot.worker.config;

/** A setting is missing or malformed; the message names the variable. */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
