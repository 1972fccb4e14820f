package io.hookshot.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The codecs' golden files, under {@code /golden/} on the test class path. Stateless. */
public final class GoldenFiles {
    private GoldenFiles() {}

    /** The text of golden file {@code name}, without its trailing line break. */
    public static String golden(String name) throws IOException {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
