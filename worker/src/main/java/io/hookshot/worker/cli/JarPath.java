package io.hookshot.worker.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The jar this process runs from, as the user would type it (relative to the working directory when inside it). */
public final class JarPath {
    private static final String FALLBACK = "worker/target/hookshot.jar";

    private JarPath() {}

    public static String current() {
        try {
            Path jar = Path.of(JarPath.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!jar.toString().endsWith(".jar")) {
                return FALLBACK;
            }
            Path cwd = Path.of("").toAbsolutePath();
            return jar.startsWith(cwd) ? cwd.relativize(jar).toString() : jar.toString();
        } catch (URISyntaxException | SecurityException e) {
            return FALLBACK;
        }
    }
}
