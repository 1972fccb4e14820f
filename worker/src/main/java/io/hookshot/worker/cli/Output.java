package io.hookshot.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON on standard output for the admin commands' {@code --json}. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Output() {
    }

    static void json(Object value) {
        try {
            System.out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }
}
