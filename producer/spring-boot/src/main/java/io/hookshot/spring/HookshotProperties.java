package io.hookshot.spring;

import io.hookshot.producer.ProducerConfig;
import io.hookshot.producer.ReplicaAcks;
import io.hookshot.producer.outbox.JdbcOutbox;
import io.hookshot.producer.outbox.OutboxRelay;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code hookshot.*} properties: the producer's settings ({@link ProducerConfig}, whose environment variables
 * they mirror). The producer is configured when {@code hookshot.redis-url} is set. Bound by Spring; not thread-safe
 * while being bound, read-only after.
 */
@ConfigurationProperties(prefix = HookshotProperties.PREFIX)
public class HookshotProperties {
    /** The properties' prefix. */
    public static final String PREFIX = "hookshot";

    /** Each {@link ProducerConfig} environment variable's property, for errors naming what to fix. */
    private static final Map<String, String> PROPERTY_OF_VARIABLE = Map.of(
            ProducerConfig.ENV_REDIS_URL, PREFIX + ".redis-url",
            ProducerConfig.ENV_QUEUE, PREFIX + ".queue",
            ProducerConfig.ENV_PARTITIONS, PREFIX + ".partitions",
            ProducerConfig.ENV_MAX_PAYLOAD, PREFIX + ".max-payload",
            ProducerConfig.ENV_IDEMPOTENCY_WINDOW, PREFIX + ".idempotency-window",
            ProducerConfig.ENV_REDIS_POOL_SIZE, PREFIX + ".redis-pool-size",
            ProducerConfig.ENV_EVENT_TYPES_STRICT, PREFIX + ".event-types-strict",
            ProducerConfig.ENV_ENQUEUE_REPLICAS, PREFIX + ".enqueue-replicas",
            ProducerConfig.ENV_ENQUEUE_REPLICA_TIMEOUT, PREFIX + ".enqueue-replica-timeout");

    /**
     * Redis URL, like redis://127.0.0.1:6379 (rediss:// for TLS), redis-cluster://10.0.0.1:6379,10.0.0.2:6379
     * listing seed nodes of a Redis Cluster, or redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/mymaster for the master
     * Redis Sentinels watch. The producer is configured only when it is set.
     */
    private String redisUrl;

    /** Queue name: 1 to 64 letters, digits, '_' or '-'. Producers and workers of one queue must agree. */
    private String queue = ProducerConfig.DEFAULT_QUEUE;

    /** Queue partitions, 1 to 1024; fixed when the queue is first used, and the same as the workers'. */
    private int partitions = ProducerConfig.DEFAULT_PARTITIONS;

    /** Largest payload a message or event may carry, at most 64MB. */
    private DataSize maxPayload = DataSize.ofBytes(ProducerConfig.DEFAULT_MAX_PAYLOAD_BYTES);

    /** How long an idempotency key is remembered, from 1ms to 365d. */
    private Duration idempotencyWindow = ProducerConfig.DEFAULT_IDEMPOTENCY_WINDOW;

    /** Most Redis connections the producer opens (to each node of a cluster), 1 to 1024. */
    private int redisPoolSize = ProducerConfig.DEFAULT_MAX_POOL_SIZE;

    /** Whether publishing refuses event types the catalogue lacks or has archived. */
    private boolean eventTypesStrict = ProducerConfig.DEFAULT_EVENT_TYPES_STRICT;

    /** Redis replicas that must have each send or publish before it returns (WAIT), 0 to 16; 0: none waited for. */
    private int enqueueReplicas = ProducerConfig.DEFAULT_ENQUEUE_REPLICAS;

    /** How long a send or publish waits for its replicas, from 1ms to 1m; fewer in time is an error. */
    private Duration enqueueReplicaTimeout = ProducerConfig.DEFAULT_ENQUEUE_REPLICA_TIMEOUT;

    /** The transactional outbox on the application's DataSource. */
    private final Outbox outbox = new Outbox();

    /**
     * The producer's settings.
     *
     * @throws IllegalArgumentException naming the property that is missing or wrong
     */
    public ProducerConfig toProducerConfig() {
        if (redisUrl == null || redisUrl.isBlank()) {
            throw new IllegalArgumentException(PREFIX + ".redis-url is required, for example redis://127.0.0.1:6379");
        }
        long payloadBytes = maxPayload.toBytes();
        if (payloadBytes < 1 || payloadBytes > ProducerConfig.MAX_PAYLOAD_LIMIT) {
            throw new IllegalArgumentException(PREFIX + ".max-payload must be from 1B to "
                    + DataSize.ofBytes(ProducerConfig.MAX_PAYLOAD_LIMIT).toMegabytes() + "MB, got " + maxPayload);
        }
        try {
            return new ProducerConfig(
                    redisUrl,
                    queue,
                    partitions,
                    (int) payloadBytes,
                    idempotencyWindow,
                    redisPoolSize,
                    eventTypesStrict,
                    new ReplicaAcks(enqueueReplicas, enqueueReplicaTimeout));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(namingProperty(e.getMessage()), e);
        }
    }

    /**
     * The settings of a relay of the outbox table {@code tableName} (the outbox bean's).
     *
     * @throws IllegalArgumentException naming the property that is wrong
     */
    public OutboxRelay.Settings toRelaySettings(String tableName) {
        try {
            return new OutboxRelay.Settings(tableName, outbox.relay.batchSize, outbox.relay.pollInterval);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String property = message.startsWith("batchSize")
                    ? Outbox.PREFIX + ".relay.batch-size"
                    : message.startsWith("pollInterval") ? Outbox.PREFIX + ".relay.poll-interval" : Outbox.TABLE_NAME;
            throw new IllegalArgumentException(property + ": " + message, e);
        }
    }

    /**
     * The outbox on the table {@code hookshot.outbox.table-name}.
     *
     * @throws IllegalArgumentException naming the property when the name is not a table's
     */
    public JdbcOutbox toJdbcOutbox() {
        try {
            return new JdbcOutbox(outbox.tableName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Outbox.TABLE_NAME + ": " + e.getMessage(), e);
        }
    }

    /** ProducerConfig's message, naming the property where it names the environment variable (and field). */
    private static String namingProperty(String message) {
        for (Map.Entry<String, String> name : PROPERTY_OF_VARIABLE.entrySet()) {
            if (message != null && message.startsWith(name.getKey())) {
                String rest = message.substring(name.getKey().length()).replaceFirst("^ \\(\\w+\\)", "");
                return name.getValue() + rest;
            }
        }
        return message;
    }

    public String getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public DataSize getMaxPayload() {
        return maxPayload;
    }

    public void setMaxPayload(DataSize maxPayload) {
        this.maxPayload = maxPayload;
    }

    public Duration getIdempotencyWindow() {
        return idempotencyWindow;
    }

    public void setIdempotencyWindow(Duration idempotencyWindow) {
        this.idempotencyWindow = idempotencyWindow;
    }

    public int getRedisPoolSize() {
        return redisPoolSize;
    }

    public void setRedisPoolSize(int redisPoolSize) {
        this.redisPoolSize = redisPoolSize;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    public boolean isEventTypesStrict() {
        return eventTypesStrict;
    }

    public void setEventTypesStrict(boolean eventTypesStrict) {
        this.eventTypesStrict = eventTypesStrict;
    }

    public int getEnqueueReplicas() {
        return enqueueReplicas;
    }

    public void setEnqueueReplicas(int enqueueReplicas) {
        this.enqueueReplicas = enqueueReplicas;
    }

    public Duration getEnqueueReplicaTimeout() {
        return enqueueReplicaTimeout;
    }

    public void setEnqueueReplicaTimeout(Duration enqueueReplicaTimeout) {
        this.enqueueReplicaTimeout = enqueueReplicaTimeout;
    }

    /** The {@code hookshot.outbox.*} properties: the outbox's table, and the relay that empties it into Redis. */
    public static class Outbox {
        static final String PREFIX = HookshotProperties.PREFIX + ".outbox";
        static final String TABLE_NAME = PREFIX + ".table-name";

        /** Table of the outbox: 1 to 63 letters, digits or '_', not starting with a digit. */
        private String tableName = JdbcOutbox.DEFAULT_TABLE_NAME;

        /**
         * Whether to create the outbox table at start when it is missing (PostgreSQL, MariaDB or MySQL). Production
         * schemas are better made by the application's own migrations.
         */
        private boolean createTable;

        /** The relay, which moves committed rows of the outbox to Redis. */
        private final Relay relay = new Relay();

        public String getTableName() {
            return tableName;
        }

        public void setTableName(String tableName) {
            this.tableName = tableName;
        }

        public boolean isCreateTable() {
            return createTable;
        }

        public void setCreateTable(boolean createTable) {
            this.createTable = createTable;
        }

        public Relay getRelay() {
            return relay;
        }
    }

    /** The {@code hookshot.outbox.relay.*} properties. */
    public static class Relay {
        /**
         * Whether this application runs a relay, moving committed outbox rows to Redis through its producer (relays
         * of several instances share the rows).
         */
        private boolean enabled;

        /** Rows the relay moves in one transaction, 1 to 1000. */
        private int batchSize = OutboxRelay.Settings.DEFAULT_BATCH_SIZE;

        /** How long an idle relay waits before looking for rows again, 10ms to 1h. */
        private Duration pollInterval = OutboxRelay.Settings.DEFAULT_POLL_INTERVAL;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }
}
