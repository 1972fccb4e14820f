package io.hookshot.worker.bench;

import java.util.Map;
import java.util.Optional;

/**
 * Figures only some scenarios have ({@code outage}, {@code ratelimit}): written into the scenario's JSON line beside
 * the usual fields, and shown in a table of their own under the usual one. Implementations are immutable.
 */
interface ScenarioFigures {
    /** The fields to add to the JSON line, by name, in order: numbers, strings, booleans or records. */
    Map<String, Object> fields();

    /** Why the scenario fails although every message arrived; empty when it holds. */
    Optional<String> failure();

    /** The header of this kind of figures' table. */
    String tableHeader();

    /** This run's row of that table. */
    String tableRow();
}
