package io.hookshot.worker.demo;

import java.time.Duration;
import java.util.Locale;

/** The demo's words: the live progress line and the closing summary. Pure. */
final class DemoProgress {
    private DemoProgress() {}

    static String line(long sent, DemoCounts counts, Duration elapsed) {
        return String.format(
                Locale.ROOT,
                "sent %d | delivered %d | retrying %d | dead %d | %.0f/s",
                sent,
                counts.delivered(),
                counts.retrying(),
                counts.dead(),
                perSecond(counts.finished(), elapsed));
    }

    static String summary(long sent, DemoCounts counts, long receiverRequests, Duration elapsed) {
        return String.format(
                Locale.ROOT,
                """
                        sent         %7d
                        delivered    %7d
                        dead         %7d   (archived in hookshot_dead_letter, ready to replay)
                        attempts     %7d   (%d requests reached the sample receiver)
                        took         %7.1f s (%.0f messages finished per second)
                        %s""",
                sent,
                counts.delivered(),
                counts.dead(),
                counts.attempts(),
                receiverRequests,
                elapsed.toMillis() / 1000.0,
                perSecond(counts.finished(), elapsed),
                counts.finished() == sent
                        ? "delivered + dead = sent: every message is accounted for"
                        : "NOT FINISHED: delivered + dead = " + counts.finished() + " of " + sent + " sent");
    }

    private static double perSecond(long n, Duration elapsed) {
        return elapsed.isZero() ? 0 : n * 1000.0 / elapsed.toMillis();
    }
}
