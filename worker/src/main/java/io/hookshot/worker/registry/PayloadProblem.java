package io.hookshot.worker.registry;

import java.util.Objects;

/**
 * How a payload fails its event type's JSON Schema: where, and what is wrong there. Immutable.
 *
 * @param path    the failing value's place in the payload, as a JSON Pointer: {@code /amount}, {@code /items/0};
 *                {@code ""} for the payload as a whole
 * @param message what is wrong there, like {@code string found, integer expected}
 */
public record PayloadProblem(String path, String message) {
    public PayloadProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** One sentence for an error response: {@code payload at /amount: string found, integer expected}. */
    public String describe() {
        return (path.isEmpty() ? "payload" : "payload at " + path) + ": " + message;
    }
}
