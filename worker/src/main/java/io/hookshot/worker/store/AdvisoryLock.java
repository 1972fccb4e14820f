package io.hookshot.worker.store;

import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/** A PostgreSQL session advisory lock taken without waiting, around one piece of work. Stateless. */
public final class AdvisoryLock {
    private AdvisoryLock() {}

    /**
     * Runs {@code work} holding the advisory lock {@code key} on {@code h}'s session ({@code pg_try_advisory_lock})
     * and releases it; empty, without running it, when another session holds the lock.
     */
    public static <T> Optional<T> tryWith(Handle h, long key, Supplier<T> work) {
        boolean locked = h.createQuery("select pg_try_advisory_lock(:key)")
                .bind("key", key)
                .mapTo(Boolean.class)
                .one();
        if (!locked) {
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            h.createQuery("select pg_advisory_unlock(:key)")
                    .bind("key", key)
                    .mapTo(Boolean.class)
                    .one();
        }
    }
}
