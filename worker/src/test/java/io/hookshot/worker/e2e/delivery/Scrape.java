package io.hookshot.worker.e2e.delivery;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Prometheus scrape: a metric's samples by their labels, and their sum. */
final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? (\\S+)$");

    private Scrape() {}

    /** The samples of one metric in a scrape: labels (like {@code {a="b"}}, or "" without any) to value. */
    static Map<String, Double> samples(String scrape, String name) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                samples.put(m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    /** The sum of a metric's samples whose labels contain {@code labelFilter}. */
    static double sum(String scrape, String name, String labelFilter) {
        return samples(scrape, name).entrySet().stream()
                .filter(e -> e.getKey().contains(labelFilter))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }
}
