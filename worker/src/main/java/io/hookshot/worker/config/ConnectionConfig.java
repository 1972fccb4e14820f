package io.hookshot.worker.config;

import io.hookshot.common.RedisUrl;
import io.hookshot.producer.ProducerConfig;
import java.util.List;
import java.util.Map;

/**
 * Where the queue and the history are: the Redis URL, the queue's name and partition count, and the PostgreSQL
 * connection. Every command that reads the queue or the history reads these and nothing of the delivery settings
 * ({@link WorkerConfig} adds those for the commands that deliver), so that a bad delivery setting stops only them.
 * Read from environment variables ({@link #VARIABLES}). Immutable; {@link #toString()} shows neither password.
 */
public record ConnectionConfig(RedisUrl redisUrl, DatabaseConfig database, String queue, int partitions) {

    public static final String REDIS_URL = ProducerConfig.ENV_REDIS_URL;
    public static final String DATABASE_URL = "HOOKSHOT_DATABASE_URL";
    public static final String DATABASE_USER = "HOOKSHOT_DATABASE_USER";
    public static final String DATABASE_PASSWORD = "HOOKSHOT_DATABASE_PASSWORD";
    public static final String DATABASE_POOL_SIZE = "HOOKSHOT_DATABASE_POOL_SIZE";
    public static final String QUEUE = ProducerConfig.ENV_QUEUE;
    public static final String PARTITIONS = ProducerConfig.ENV_PARTITIONS;

    public static final String DEFAULT_DATABASE_USER = "postgres";
    public static final String DEFAULT_DATABASE_PASSWORD = "";
    public static final int DEFAULT_DATABASE_POOL_SIZE = 4;
    public static final String DEFAULT_QUEUE = ProducerConfig.DEFAULT_QUEUE;
    public static final int DEFAULT_PARTITIONS = ProducerConfig.DEFAULT_PARTITIONS;

    /** The variables read here, with their defaults and meanings, in the order the README lists them. */
    public static final List<ConfigVariable> VARIABLES = List.of(
            new ConfigVariable(
                    REDIS_URL,
                    "",
                    "Redis URL, like redis://127.0.0.1:6379, redis-cluster://10.0.0.1:6379,10.0.0.2:6379 listing seed nodes of a"
                            + " Redis Cluster, or redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/mymaster for the master"
                            + " Redis Sentinels watch (required)"),
            new ConfigVariable(
                    DATABASE_URL, "", "PostgreSQL JDBC URL, like jdbc:postgresql://127.0.0.1:5432/hookshot (required)"),
            new ConfigVariable(DATABASE_USER, DEFAULT_DATABASE_USER, "PostgreSQL user"),
            new ConfigVariable(DATABASE_PASSWORD, DEFAULT_DATABASE_PASSWORD, "PostgreSQL password"),
            new ConfigVariable(
                    DATABASE_POOL_SIZE,
                    Integer.toString(DEFAULT_DATABASE_POOL_SIZE),
                    "PostgreSQL connections per process"),
            new ConfigVariable(QUEUE, DEFAULT_QUEUE, "Queue name; producers and workers of one queue must agree"),
            new ConfigVariable(
                    PARTITIONS,
                    Integer.toString(DEFAULT_PARTITIONS),
                    "Queue partitions; fixed when the queue is first used"));

    /** Reads and validates these variables only; throws {@link InvalidConfigException} naming the first bad one. */
    public static ConnectionConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new ConnectionConfig(
                r.redisUrl(REDIS_URL),
                databaseFrom(env),
                r.queueName(QUEUE, DEFAULT_QUEUE),
                r.integer(PARTITIONS, DEFAULT_PARTITIONS, 1, ProducerConfig.MAX_PARTITIONS));
    }

    /** Only the PostgreSQL settings, for commands that need nothing else ({@code migrate}, {@code status}). */
    public static DatabaseConfig databaseFrom(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new DatabaseConfig(
                r.required(DATABASE_URL, "jdbc:postgresql://127.0.0.1:5432/hookshot"),
                r.string(DATABASE_USER, DEFAULT_DATABASE_USER),
                r.string(DATABASE_PASSWORD, DEFAULT_DATABASE_PASSWORD),
                r.integer(DATABASE_POOL_SIZE, DEFAULT_DATABASE_POOL_SIZE, 1, 100));
    }
}
