package io.hookshot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a Java example in the README is the code a test compiles and runs: the lines of the test's source
 * between {@code // README:begin} and {@code // README:end} (indented 8 spaces, inside a method), unindented, are the
 * README's {@code java} block that starts with the given text, word for word.
 */
public final class ReadmeExample {
    private static final String BEGIN = "// README:begin\n";
    private static final String END = "        // README:end";

    private ReadmeExample() {}

    /** {@code readme} and {@code source} are paths from the module's directory (where Maven runs the tests). */
    public static void assertShownWordForWord(Path readme, String blockStart, Path source) {
        try {
            Matcher block = Pattern.compile("```java\\n(" + Pattern.quote(blockStart) + ".*?)```", Pattern.DOTALL)
                    .matcher(Files.readString(readme));
            assertThat(block.find())
                    .as("a java block in %s starting with %s", readme, blockStart)
                    .isTrue();
            String code = Files.readString(source);
            String body = code.substring(code.indexOf(BEGIN) + BEGIN.length(), code.indexOf(END));
            assertThat(block.group(1)).isEqualTo(body.replaceAll("(?m)^ {8}", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
