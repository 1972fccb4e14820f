package io.hookshot.worker.store;

import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the history store's tests share: a migrated test database, a {@link HistoryStore} over it, and outbox
 * {@link Entries} of the test queue (messages created at {@link #T0} unless accepted otherwise), opened once per test
 * class.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HistoryStoreTestBase {
    static final long T0 = 1_700_000_000_000L;
    static final String URL = "https://receiver.example.com/hooks";

    Database database;
    HistoryStore store;
    Entries entries;

    @BeforeAll
    void open(TestServers servers) {
        database = MigratedDatabase.open(servers.database(), 2);
        store = new HistoryStore(database);
        entries = new Entries(servers.queue(), T0);
    }

    @AfterAll
    void close() {
        database.close();
    }
}
