package io.hookshot.worker.cli;

import io.hookshot.worker.api.Views.DeadLetterJson;
import io.hookshot.worker.store.DeadLetterView;
import io.hookshot.worker.store.SearchFilter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dead-letter archive of the configured queue: the same code as the API's /v1/dead-letters. */
@Command(
        name = "dlq",
        description = "List, show, replay or delete dead letters.",
        subcommands = {DlqCommand.List.class, DlqCommand.Show.class, DlqReplayCommand.class, DlqCommand.Delete.class})
final class DlqCommand {
    /** Exit code when the id is unknown, or a replay was refused. */
    static final int EXIT_NOT_DONE = 1;

    /** Says that no dead letter has {@code id}; returns {@link #EXIT_NOT_DONE}. */
    static int notFound(String id) {
        System.err.println("hookshot: no dead letter with id '" + id + "' in this queue's archive");
        return EXIT_NOT_DONE;
    }

    @Command(name = "list", description = "List dead letters, latest death first.")
    static final class List implements Callable<Integer> {
        @Mixin
        FilterOptions filters = new FilterOptions();

        @Option(names = "--json", description = "Print JSON (the API's page).")
        boolean json;

        @Override
        public Integer call() {
            SearchFilter filter = filters.deadLetterFilter();
            try (AdminContext admin = AdminContext.open()) {
                Output.page(
                        admin.services.search().deadLetters(filter),
                        json,
                        DeadLetterJson::of,
                        "%-36s %8s %-24s %-40s %s%n",
                        new Object[] {"id", "attempts", "died", "url", "reason"},
                        d -> new Object[] {d.messageId(), d.attempts(), d.diedAt(), d.url(), d.reason()});
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Show one dead letter (exit 1 when unknown).")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            try (AdminContext admin = AdminContext.open()) {
                Optional<DeadLetterView> d = admin.services
                        .history()
                        .findDeadLetter(id)
                        .filter(x -> x.queue().equals(admin.services.search().queue()));
                if (d.isEmpty()) {
                    return notFound(id);
                }
                if (json) {
                    Output.json(DeadLetterJson.of(d.get()));
                } else {
                    DeadLetterView v = d.get();
                    System.out.printf(
                            "%s  dead after %d attempts at %s%n%s%nreason: %s%n",
                            v.messageId(), v.attempts(), v.diedAt(), v.url(), v.reason());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "delete",
            aliases = "purge",
            description = "Delete one dead letter by id, or every match of the filters"
                    + " (--all for every one); --dry-run counts only.")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "One dead letter; omit to delete by filter.")
        String id;

        @Mixin
        FilterOptions filters = new FilterOptions();

        @Option(names = "--all", description = "With no filter: delete every dead letter of the queue.")
        boolean all;

        @Option(names = "--dry-run", description = "Count the matches; change nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            SearchFilter filter = filters.deadLetterFilter();
            if (id == null && !filters.narrows() && !all) {
                throw new IllegalArgumentException("give an id, a filter (--url, --since, --until), or --all");
            }
            try (AdminContext admin = AdminContext.open()) {
                long n;
                if (id != null) {
                    n = dryRun
                            ? (admin.services.history().findDeadLetter(id).isPresent() ? 1 : 0)
                            : (admin.services.deletion().delete(id) ? 1 : 0);
                } else {
                    n = admin.services.deletion().deleteAll(filter, dryRun);
                }
                if (json) {
                    Output.json(Map.of("dryRun", dryRun, dryRun ? "matched" : "deleted", n));
                } else {
                    System.out.println((dryRun ? "dry run: would delete " : "deleted ") + n + " dead letter(s)");
                }
                return id != null && n == 0 ? EXIT_NOT_DONE : 0;
            }
        }
    }
}
