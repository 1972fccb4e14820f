package io.hookshot.worker.api;

import io.hookshot.worker.store.Database;
import org.redisson.api.RedissonClient;

/** One dependency of the process; {@link #check()} throws when it is unreachable. */
@FunctionalInterface
public interface HealthCheck {
    void check() throws Exception;

    /**
     * Whether the process is unready while this check fails. False for a dependency it works without: its state is
     * reported, and readiness is "degraded" instead of failing.
     */
    default boolean required() {
        return true;
    }

    /** Redis answers a command (bounded by the client's response timeout). Required: nothing is sent without it. */
    static HealthCheck redis(RedissonClient redis) {
        return () -> redis.getBucket("hookshot:health").isExists();
    }

    /**
     * Postgres answers {@code select 1} (bounded by the pool's connection timeout). Not required: deliveries and
     * enqueues go on without it, and the history catches up when it returns.
     */
    static HealthCheck postgres(Database database) {
        return new HealthCheck() {
            @Override
            public void check() {
                database.jdbi()
                        .withHandle(h ->
                                h.createQuery("select 1").mapTo(Integer.class).one());
            }

            @Override
            public boolean required() {
                return false;
            }
        };
    }
}
