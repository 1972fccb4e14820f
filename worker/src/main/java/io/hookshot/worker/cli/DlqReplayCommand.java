package io.hookshot.worker.cli;

import io.hookshot.worker.api.Views;
import io.hookshot.worker.replay.BulkReplay;
import io.hookshot.worker.replay.ReplayOutcome;
import io.hookshot.worker.store.SearchFilter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hookshot dlq replay}: the same replay code as the API's {@code POST /v1/dead-letters/.../replay}. */
@Command(
        name = "replay",
        description = "Replay one dead letter by id (optionally to --to-url), or every match"
                + " of the filters, paced to --rate a second; --dry-run counts and shows a sample.")
final class DlqReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "One dead letter; omit to replay by filter.")
    String id;

    @Option(names = "--to-url", description = "Replay one dead letter to this URL instead.")
    String toUrl;

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = "--dry-run", description = "Count the matches and show a sample; change nothing.")
    boolean dryRun;

    @Option(names = "--rate", description = "Most replays a second (default HOOKSHOT_REPLAY_RATE).")
    Integer rate;

    @Option(names = "--max", defaultValue = "1000", description = "Most replays in this run (default 1000).")
    int max;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        SearchFilter filter = filters.deadLetterFilter();
        try (AdminContext admin = AdminContext.open()) {
            if (id != null) {
                return replayOne(admin);
            }
            int perSecond = rate == null ? admin.services.replayRate() : rate;
            BulkReplay.Report r = admin.services.bulkReplay().run(filter, dryRun, perSecond, max);
            if (json) {
                Output.json(Views.replayReport(r));
            } else {
                System.out.printf(
                        "%s%d matching; %d replayed, %d refused%n",
                        r.dryRun() ? "dry run: " : "",
                        r.matched(),
                        r.replayed().size(),
                        r.refused().size());
                r.sample().forEach(s -> System.out.println("  " + s));
                r.refused().forEach(x -> System.out.println("  refused " + x.messageId() + ": " + x.reason()));
            }
            return 0;
        }
    }

    private int replayOne(AdminContext admin) {
        if (dryRun) {
            boolean exists = admin.services.history().findDeadLetter(id).isPresent();
            System.out.println(exists ? "dry run: would replay " + id : "no dead letter " + id);
            return exists ? 0 : DlqCommand.EXIT_NOT_DONE;
        }
        ReplayOutcome outcome = admin.services.replayer().replay(id, Optional.ofNullable(toUrl));
        return switch (outcome) {
            case ReplayOutcome.Replayed r -> {
                if (json) {
                    Output.json(Map.of("id", r.messageId(), "url", r.url(), "firstAttempt", r.firstAttempt()));
                } else {
                    System.out.println("replayed " + r.messageId() + " to " + r.url() + "; next attempt is number "
                            + r.firstAttempt());
                }
                yield 0;
            }
            case ReplayOutcome.NotFound n -> DlqCommand.notFound(n.messageId());
            case ReplayOutcome.Refused r -> {
                System.err.println("hookshot: not replayed: " + r.reason());
                yield DlqCommand.EXIT_NOT_DONE;
            }
        };
    }
}
