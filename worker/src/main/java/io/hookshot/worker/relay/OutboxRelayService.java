package io.hookshot.worker.relay;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.outbox.OutboxRelay;
import io.hookshot.worker.config.OutboxRelayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's runner of the transactional outbox relay ({@link OutboxRelay}): moves the rows applications committed
 * to their outbox table ({@code JdbcOutbox}) into the queue, from a small connection pool of its own on the outbox
 * database, through a producer of its own on the worker's queue. Not the history's outbox: that is the Redis stream
 * of attempt records the worker exports to PostgreSQL ({@code OutboxExporter}), which this does not touch.
 *
 * <p>Gauge {@value #ROWS_WAITING} (Prometheus {@code hookshot_outbox_rows_waiting}): the rows waiting in the table,
 * read when scraped; NaN while the database does not answer. Thread-safe.
 */
public final class OutboxRelayService implements AutoCloseable {
    public static final String ROWS_WAITING = "hookshot.outbox.rows.waiting";

    /** A batch's connection and the gauge's. */
    static final int POOL_SIZE = 2;

    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayService.class);

    private final HikariDataSource dataSource;
    private final HookshotProducer producer;
    private final OutboxRelay relay;

    private OutboxRelayService(HikariDataSource dataSource, HookshotProducer producer, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.producer = producer;
        this.relay = relay;
    }

    /**
     * Connects to Redis with {@code config}'s producer settings and starts relaying its table, with its gauge in
     * {@code registry}. The outbox database may be down: the relay tries again every poll interval.
     */
    public static OutboxRelayService start(OutboxRelayConfig config, MeterRegistry registry) {
        HikariDataSource dataSource = new HikariDataSource(pool(config));
        HookshotProducer hookshot;
        try {
            hookshot = HookshotProducer.create(config.producer());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        OutboxRelay relay = new OutboxRelay(dataSource, hookshot, config.settings());
        OutboxRelayService service = new OutboxRelayService(dataSource, hookshot, relay);
        Gauge.builder(ROWS_WAITING, service, OutboxRelayService::rowsWaiting)
                .description("Rows of the transactional outbox table waiting to be relayed to the queue")
                .tag("table", config.settings().tableName())
                .register(registry);
        relay.start();
        return service;
    }

    private static HikariConfig pool(OutboxRelayConfig config) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("hookshot-outbox-relay");
        pool.setJdbcUrl(config.url());
        pool.setUsername(config.user());
        pool.setPassword(config.password());
        pool.setMaximumPoolSize(POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.setInitializationFailTimeout(-1); // start while the database is down; batches retry
        return pool;
    }

    /** The rows waiting, or NaN when the table cannot be read. */
    double rowsWaiting() {
        try {
            return relay.rowsWaiting();
        } catch (RuntimeException e) {
            LOG.debug("cannot count the outbox rows waiting: {}", e.getMessage());
            return Double.NaN;
        }
    }

    /** Stops relaying after the batch in progress, then closes the producer and the pool. */
    @Override
    public void close() {
        relay.close();
        producer.close();
        dataSource.close();
    }
}
