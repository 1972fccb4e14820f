package io.hookshot.worker.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads repeatable {@code Name: value} and {@code key=value} options into ordered maps; a name given twice is an
 * error. Stateless.
 */
final class PairOptions {
    private PairOptions() {}

    /** {@code --header 'Name: value'} options; a malformed one is an error naming {@code option}. */
    static Map<String, String> headers(String option, List<String> values) {
        return split(option, values, ':', "'Name: value'");
    }

    /** {@code --metadata key=value} options. */
    static Map<String, String> keyValues(String option, List<String> values) {
        return split(option, values, '=', "key=value");
    }

    private static Map<String, String> split(String option, List<String> values, char separator, String form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String value : values) {
            int at = value.indexOf(separator);
            if (at <= 0) {
                throw new IllegalArgumentException(option + " must look like " + form + ", got '" + value + "'");
            }
            if (out.put(value.substring(0, at).strip(), value.substring(at + 1).strip()) != null) {
                throw new IllegalArgumentException(
                        option + " '" + value.substring(0, at).strip() + "' is given more than once");
            }
        }
        return out;
    }
}
