package io.hookshot.worker.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** Makes text storable in Postgres, which refuses the NUL character in {@code text} and {@code jsonb}. */
final class Text {
    private Text() {}

    /** {@code text} with each NUL replaced by U+FFFD; null stays null. */
    static String clean(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    /** The map with NUL replaced in every name and value, and without null names or values. */
    static Map<String, String> clean(Map<String, String> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (name != null && value != null) {
                out.put(clean(name), clean(value));
            }
        });
        return out;
    }
}
