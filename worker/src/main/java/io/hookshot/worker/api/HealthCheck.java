package io.hookshot.worker.api;

import io.hookshot.worker.store.Database;
import org.redisson.api.RedissonClient;

/** One dependency the process needs to be ready; {@link #check()} throws when it is unreachable. */
@FunctionalInterface
public interface HealthCheck {
    void check() throws Exception;

    /** Redis answers a command (bounded by the client's response timeout). */
    static HealthCheck redis(RedissonClient redis) {
        return () -> redis.getBucket("hookshot:health").isExists();
    }

    /** Postgres answers {@code select 1} (bounded by the pool's connection timeout). */
    static HealthCheck postgres(Database database) {
        return () -> database.jdbi().withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one());
    }
}
