package io.hookshot.worker.cli;

import io.hookshot.worker.config.ConnectionConfig;
import io.hookshot.worker.config.DatabaseConfig;
import io.hookshot.worker.config.Environment;
import io.hookshot.worker.store.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Applies the history schema's migrations (workers also do this at start). */
@Command(name = "migrate", description = "Create or upgrade the Postgres history schema.")
final class MigrateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        DatabaseConfig database = ConnectionConfig.databaseFrom(Environment.load());
        try (Database db = Database.connect(database)) {
            db.migrate();
        }
        System.err.println("schema is up to date");
        return 0;
    }
}
