package io.hookshot.worker.bench;

import java.net.URI;

/**
 * A scenario with endpoints of its own kind ({@code outage}, {@code ratelimit}): it sends its load, watches the
 * receiver's answers ({@link ReceiptWatch}), and adds figures of its own to the report. One instance per run.
 */
interface WatchedScenario extends ReceiptWatch {
    /** Seeds its endpoints on the receiver at {@code url} and sends its messages, each registered in the log. */
    LoadGenerator.Sent send(ScenarioRun.Context ctx, LoadGenerator generator, BenchMessages messages, URI url);

    /** Its figures, once every message arrived or the drain timeout passed; {@code counts}: the history's. */
    ScenarioFigures figures(BenchHistory.Counts counts);
}
