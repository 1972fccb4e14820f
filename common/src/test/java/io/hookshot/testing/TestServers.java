package io.hookshot.testing;

import java.util.UUID;

/**
 * What {@link RealServers} hands a test class: a real Redis, a fresh Postgres schema (started on first use, so
 * Redis-only tests never start Postgres), and a queue name no other test class uses. Call {@link #newQueue()} for
 * a further fresh queue within the class. Thread-safe.
 */
public final class TestServers {
    private final String redisUrl;
    private final String queue;
    private TestDatabase database;

    TestServers(String redisUrl, String queue) {
        this.redisUrl = redisUrl;
        this.queue = queue;
    }

    public String redisUrl() {
        return redisUrl;
    }

    public String queue() {
        return queue;
    }

    public synchronized TestDatabase database() {
        if (database == null) {
            database = TestPostgres.get().newDatabase();
        }
        return database;
    }

    /**
     * The same kind of servers, but with Redis at {@code redisUrl} (a Redis of the test's own, for one it kills or
     * restarts), a fresh queue name and a fresh Postgres schema.
     */
    public TestServers withRedis(String redisUrl) {
        return new TestServers(redisUrl, newQueue());
    }

    public static String newQueue() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
