package io.hookshot.worker.e2e.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell block of the README read as a script: its commands (continuation lines joined, split into words as a shell
 * would for the quoting the README uses: single quotes, double quotes, {@code $NAME}), each with the output lines
 * shown under it, in which {@code ...} stands for any text and a trailing {@code  # comment} is the reader's note.
 */
record ReadmeScript(List<ReadmeScript.Step> steps) {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern CAPTURE = Pattern.compile("^([A-Z_]+)=\\$\\((.*)\\)$");
    private static final Pattern COMMENT = Pattern.compile("\\s{2,}#.*$");

    /**
     * One command: {@code words[0]} is the program; {@code capture}, when not null, the variable its standard output
     * is assigned to ({@code NAME=$(...)}); {@code shown}, the output lines the README shows under it.
     */
    record Step(String capture, List<String> words, List<String> shown) {
        /** Whether {@code printed} has every shown line, in order, {@code ...} matching any text. */
        boolean showsWhatWasPrinted(String printed) {
            List<String> lines = printed.lines().toList();
            int at = 0;
            for (String expected : shown) {
                Pattern p = Pattern.compile(Pattern.quote(expected).replace("...", "\\E.*\\Q"));
                while (at < lines.size() && !p.matcher(lines.get(at)).matches()) {
                    at++;
                }
                if (at == lines.size()) {
                    return false;
                }
                at++;
            }
            return true;
        }
    }

    /**
     * The first {@code ```sh} block after {@code heading}, with each {@code replacements} key replaced by its value
     * (in the map's order) before it is read, and {@code $NAME} left for {@link #expand}.
     */
    static ReadmeScript read(String heading, Map<String, String> replacements) throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf(heading);
        if (from < 0) {
            throw new AssertionError("README.md has no heading " + heading);
        }
        int start = readme.indexOf("```sh\n", from) + "```sh\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            block = block.replace(r.getKey(), r.getValue());
        }
        List<Step> steps = new ArrayList<>();
        for (String line : block.replaceAll("\\\\\\n\\s*", "").lines().toList()) {
            Matcher capture = CAPTURE.matcher(line);
            String command = capture.matches() ? capture.group(2) : line;
            if (command.startsWith("hookshot ") || command.startsWith("curl ")) {
                steps.add(new Step(capture.matches() ? capture.group(1) : null, words(command), new ArrayList<>()));
            } else if (!steps.isEmpty() && !line.isBlank()) {
                steps.getLast().shown().add(COMMENT.matcher(line).replaceAll(""));
            }
        }
        return new ReadmeScript(List.copyOf(steps));
    }

    /** {@code words} with each {@code $NAME} replaced by its value in {@code variables}. */
    static List<String> expand(List<String> words, Map<String, String> variables) {
        Pattern name = Pattern.compile("\\$([A-Z_]+)");
        return words.stream()
                .map(w -> name.matcher(w).replaceAll(m -> {
                    String value = variables.get(m.group(1));
                    if (value == null) {
                        throw new AssertionError("the README's script uses $" + m.group(1) + " before setting it");
                    }
                    return Matcher.quoteReplacement(value);
                }))
                .toList();
    }

    /** Shell words: '...' literal, "..." and bare text keep {@code $NAME} for {@link #expand}. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new AssertionError("unclosed quote in the README's command: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
