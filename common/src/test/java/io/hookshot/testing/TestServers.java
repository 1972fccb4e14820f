package io.hookshot.testing;

import java.util.UUID;

/**
 * What {@link RealServers} hands a test class: a real Redis, a fresh Postgres schema, and a queue name no other
 * test class uses. Call {@link #newQueue()} for a further fresh queue within the class.
 */
public record TestServers(String redisUrl, TestDatabase database, String queue) {
    public static String newQueue() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
