package io.hookshot.worker.cli;

import io.hookshot.worker.api.Views.MessageJson;
import io.hookshot.worker.api.Views.PageJson;
import io.hookshot.worker.store.MessageView;
import io.hookshot.worker.store.Page;
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
            Page<MessageView> page = admin.services.search().messages(filter);
            if (json) {
                Output.json(PageJson.of(page, MessageJson::of));
                return 0;
            }
            System.out.printf("%-36s %-10s %8s %-24s %s%n", "id", "status", "attempts", "created", "url");
            for (MessageView m : page.items()) {
                System.out.printf("%-36s %-10s %8d %-24s %s%n", m.id(), m.status().dbValue(), m.attempts(),
                        m.createdAt(), m.url());
            }
            page.next().ifPresent(c -> System.out.println("more: --cursor " + c.encode()));
            return 0;
        }
    }
}
