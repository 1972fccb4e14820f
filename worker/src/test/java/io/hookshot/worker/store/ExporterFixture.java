package io.hookshot.worker.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestDatabase;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.replay.DeadLetterReplayer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.api.RedissonClient;
import org.slf4j.LoggerFactory;

/**
 * What the outbox exporter's tests share: a migrated history on the test database, a Redis client, exporters over a
 * {@link ThreeJobs} scenario, and checks of what reached the history. An extension: register it on a static field
 * with {@code @RegisterExtension}; it opens before the class's tests and closes after them. Thread-safe once open,
 * as far as its clients are.
 */
final class ExporterFixture implements BeforeAllCallback, AfterAllCallback {
    static final int PARTITIONS = 4;
    static final Duration LEASE = Duration.ofSeconds(30);
    static final ExporterSettings SETTINGS = ExporterSettings.defaults();
    /** Redis's clock and this JVM's are the host's; the scripts keep whole milliseconds. */
    static final Duration CLOCK_SLACK = Duration.ofMillis(5);

    String redisUrl;
    TestDatabase testDatabase;
    Database database;
    HistoryStore store;
    RedissonClient redisson;

    @Override
    public void beforeAll(ExtensionContext context) {
        TestServers servers = RealServers.serversOf(context);
        redisUrl = servers.redisUrl();
        testDatabase = servers.database();
        database = MigratedDatabase.open(testDatabase, 2);
        store = new HistoryStore(database);
        redisson = RedissonClients.create(redisUrl);
    }

    /** A fresh scenario of three jobs on a queue of its own. */
    ThreeJobs threeJobs() {
        return new ThreeJobs(redisson, TestServers.newQueue(), PARTITIONS);
    }

    OutboxExporter exporter(ThreeJobs s, HistoryStore history, String consumer, ExporterSettings settings) {
        return new OutboxExporter(redisson, s.queueName, PARTITIONS, history, consumer, settings);
    }

    void assertDelivered(Job job, int attempts) {
        MessageView message = store.findMessage(job.id().value()).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(message.attempts()).isEqualTo(attempts);
        assertThat(message.url()).isEqualTo(job.url().toString());
        assertThat(message.createdAt()).isEqualTo(job.createdAt());
        assertThat(store.attempts(job.id().value())).hasSize(attempts);
    }

    void assertArchived(ThreeJobs s) {
        DeadLetterView dead = store.findDeadLetter(s.dead.id().value()).orElseThrow();
        assertThat(dead.job()).isEqualTo(JobCodec.encode(s.dead));
        assertThat(dead.reason()).isEqualTo("receiver said 410");
        assertThat(store.findMessage(s.dead.id().value()).orElseThrow().status())
                .isEqualTo(MessageStatus.DEAD);
        assertThat(s.queue.isDeadInRedis(s.dead)).isFalse();
        assertThat(s.queue.jobHashExists(s.dead)).isFalse();
    }

    /** Rows of the scenario's messages in the three history tables. */
    long rowCount(ThreeJobs s) {
        List<String> ids = s.all().stream().map(job -> job.id().value()).toList();
        return database.jdbi()
                .withHandle(h -> h.createQuery("""
                        select (select count(*) from hookshot_message where id = any(:ids))
                             + (select count(*) from hookshot_attempt where message_id = any(:ids))
                             + (select count(*) from hookshot_dead_letter where message_id = any(:ids))""")
                        .bindArray("ids", String.class, ids)
                        .mapTo(Long.class)
                        .one());
    }

    /** Starts recording what {@link OutboxExporter} logs; detach it with {@link #stopCapture}. */
    static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        exporterLogger().addAppender(appender);
        return appender;
    }

    static void stopCapture(ListAppender<ILoggingEvent> appender) {
        exporterLogger().detachAppender(appender);
    }

    private static Logger exporterLogger() {
        return (Logger) LoggerFactory.getLogger(OutboxExporter.class);
    }

    /** Passes until one finds nothing; returns how many entries were exported. */
    static int drain(OutboxExporter exporter) {
        int total = 0;
        for (int exported = exporter.drainOnce(); exported > 0; exported = exporter.drainOnce()) {
            total += exported;
        }
        return total;
    }

    /** A replayer of the dead letters of {@code queue}, on this fixture's Redis and history. */
    DeadLetterReplayer replayer(String queue) {
        return new DeadLetterReplayer(
                database,
                redisson,
                ProducerConfig.fromEnvironment(Map.of(
                        ProducerConfig.ENV_REDIS_URL,
                        redisUrl,
                        ProducerConfig.ENV_QUEUE,
                        queue,
                        ProducerConfig.ENV_PARTITIONS,
                        Integer.toString(PARTITIONS))));
    }

    static String queueName(ScriptedQueue queue, Job job) {
        return queue.keysOf(job).queue();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        redisson.shutdown();
        database.close();
    }
}
