package io.hookshot.common;

/**
 * The one check that a queue's partition count is the same in every producer and worker: the first of them records
 * it in the queue's meta hash ({@link RedisKeys#meta}, field {@value #FIELD}); every later one must be configured
 * with it. The caller talks to Redis with its own client ({@link Store}). Stateless.
 */
public final class PartitionCount {
    /** The meta hash's field holding the partition count. */
    public static final String FIELD = "partitions";

    /** Sets a hash field unless it is set, and returns its value afterwards, through the caller's Redis client. */
    @FunctionalInterface
    public interface Store {
        String setIfAbsent(String key, String field, String value);
    }

    private PartitionCount() {}

    /**
     * Records {@code configured} as the partition count of {@code queue} if it has none yet, and fails if it has
     * another.
     *
     * @param setting the configuration variable naming the count, for the error
     * @throws IllegalStateException when the queue was set up with a different number of partitions
     */
    public static void agree(String queue, int configured, String setting, Store redis) {
        String key = RedisKeys.meta(queue);
        String count = Integer.toString(configured);
        String stored = redis.setIfAbsent(key, FIELD, count);
        if (!count.equals(stored)) {
            throw new IllegalStateException("queue '" + queue + "' has " + stored + " partitions in Redis (" + key
                    + "), but this process is configured with " + configured + " (" + setting + "); producers and"
                    + " workers must use the same count, so set " + setting + "=" + stored);
        }
    }
}
