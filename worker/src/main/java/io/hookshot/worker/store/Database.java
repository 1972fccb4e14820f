package io.hookshot.worker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hookshot.worker.config.DatabaseConfig;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history database: a HikariCP pool and the {@link Jdbi} on it. Thread-safe.
 *
 * <p>The pool can be built while Postgres is down (it opens connections when they are first needed); a borrow
 * waits at most {@link #CONNECTION_TIMEOUT} and then fails, and a statement whose connection goes silent fails after
 * {@link #SOCKET_TIMEOUT}, so nothing hangs on a broken network. Batched inserts are rewritten by the driver into
 * multi-row inserts ({@code reWriteBatchedInserts}).
 *
 * <p>Schema changes are Flyway migrations in {@code db/migration}, applied in the connection's current schema (the
 * URL's {@code currentSchema}, else the first schema on the {@code search_path}). They run on a connection of their
 * own, outside the pool, so that a long migration is not cut off by the pool's socket timeout.
 */
public final class Database implements AutoCloseable {
    /** How long borrowing a connection may wait before it fails. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    /** How long a statement may wait on the network before the driver gives up on the connection. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    public Database(String jdbcUrl, String user, String password, int maxPoolSize) {
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
        }
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setPoolName("hookshot-history");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Math.min(CONNECTION_TIMEOUT.toMillis(), 2_000));
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("ApplicationName", "hookshot");
        // Server error details quote row values (response bodies, payloads): keep them out of exceptions and logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        this.dataSource = new HikariDataSource(config);
        this.jdbi = Jdbi.create(dataSource);
    }

    /** A database on the configured URL, credentials and pool size. */
    public static Database connect(DatabaseConfig config) {
        return new Database(config.url(), config.user(), config.password(), config.poolSize());
    }

    /**
     * Applies the pending migrations, then {@link #createPartitionsAhead()}; returns how many migrations ran (0 when
     * the schema is current).
     */
    public int migrate() {
        int applied =
                Flyway.configure().dataSource(jdbcUrl, user, password).load().migrate().migrationsExecuted;
        createPartitionsAhead();
        return applied;
    }

    /**
     * Creates the history's partitions of today and the next days ({@link DayPartitions}) unless another process
     * holds the retention lock (it creates them too). A failure is logged, not thrown: rows of a missing day go to
     * the DEFAULT partition meanwhile, and the next try creates it.
     */
    public void createPartitionsAhead() {
        try {
            jdbi.useHandle(h -> DayPartitions.createAllAheadLocked(h, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warn("cannot create the history partitions ahead now: {}", HistorySchema.describe(e));
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public String toString() {
        return "Database[" + jdbcUrl + ", user=" + user + "]";
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
