package io.hookshot.worker.store;

import io.hookshot.testing.TestDatabase;
import org.flywaydb.core.Flyway;

/** The worker's database on a test's PostgreSQL schema, migrated to the latest version or to an older one. */
public final class MigratedDatabase {
    private MigratedDatabase() {}

    /** A pool of {@code poolSize} connections to {@code db}, every migration applied. Close it at the end. */
    public static Database open(TestDatabase db, int poolSize) {
        Database database = new Database(db.jdbcUrl(), db.user(), db.password(), poolSize);
        database.migrate();
        return database;
    }

    /** A pool of two connections to {@code db}, migrated up to {@code version} only, for tests of later migrations. */
    static Database atVersion(TestDatabase db, String version) {
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .target(version)
                .load()
                .migrate();
        return new Database(db.jdbcUrl(), db.user(), db.password(), 2);
    }
}
