package io.hookshot.worker.cli;

import io.hookshot.worker.api.Views.MessageJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The message search that {@code messages} and {@code messages list} both run. */
abstract class MessageSearch implements Callable<Integer> {
    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = "--json", description = "Print JSON (the API's page) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        var filter = filters.filter();
        try (AdminContext admin = AdminContext.open()) {
            Output.page(
                    admin.services.search().messages(filter),
                    json,
                    MessageJson::of,
                    "%-36s %-10s %8s %-24s %s%n",
                    new Object[] {"id", "status", "attempts", "created", "url"},
                    m -> new Object[] {m.id(), m.status().dbValue(), m.attempts(), m.createdAt(), m.url()});
            return 0;
        }
    }
}
