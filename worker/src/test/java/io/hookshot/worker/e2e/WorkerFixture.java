package io.hookshot.worker.e2e;

import io.hookshot.common.RedisKeys;
import io.hookshot.producer.HookshotProducer;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.config.WorkerConfig;
import io.hookshot.worker.queue.QueueInspector;
import io.hookshot.worker.queue.QueueSettings;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.store.Database;
import io.hookshot.worker.store.HistoryStore;
import io.hookshot.worker.store.MessageStatus;
import io.hookshot.worker.store.MessageView;
import io.hookshot.producer.Message;
import io.hookshot.common.MessageId;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One queue under test: the environment a worker of it reads (fast schedules and short leases), a producer, the
 * history, and the invariant check every test ends with. Close it at the end of the test.
 */
final class WorkerFixture implements AutoCloseable {
    /** The SSRF guard's allow-list the workers under test run with: loopback, and nothing else. */
    static final String LOOPBACK = "127.0.0.0/8,::1/128";
    static final int DEFAULT_PARTITIONS = 4;

    final TestServers servers;
    final String queue;
    final int partitions;
    final HookshotProducer producer;
    final Database database;
    final HistoryStore history;
    private final RedissonClient redis;

    /** A fresh queue of {@value #DEFAULT_PARTITIONS} partitions. */
    WorkerFixture(TestServers servers) {
        this(servers, TestServers.newQueue(), DEFAULT_PARTITIONS);
    }

    WorkerFixture(TestServers servers, String queue, int partitions) {
        this.servers = servers;
        this.queue = queue;
        this.partitions = partitions;
        this.producer = HookshotProducer.create(ProducerConfig.fromEnvironment(env(Map.of())));
        this.database = new Database(servers.database().jdbcUrl(), servers.database().user(),
                servers.database().password(), 2);
        database.migrate();
        this.history = new HistoryStore(database);
        this.redis = RedissonClients.create(servers.redisUrl());
    }

    /** The worker environment for this queue, with {@code overrides} on top. */
    Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put(WorkerConfig.REDIS_URL, servers.redisUrl());
        env.put(WorkerConfig.DATABASE_URL, servers.database().jdbcUrl());
        env.put(WorkerConfig.DATABASE_USER, servers.database().user());
        env.put(WorkerConfig.DATABASE_PASSWORD, servers.database().password());
        env.put(WorkerConfig.QUEUE, queue);
        env.put(WorkerConfig.PARTITIONS, Integer.toString(partitions));
        env.put(WorkerConfig.CONCURRENCY, "16");
        env.put(WorkerConfig.RETRY_SCHEDULE, "100ms,200ms");
        env.put(WorkerConfig.HTTP_TIMEOUT, "2s");
        env.put(WorkerConfig.CONNECT_TIMEOUT, "1s");
        env.put(WorkerConfig.LEASE, "5s");
        env.put(WorkerConfig.POLL_INTERVAL, "100ms");
        env.put(WorkerConfig.REAP_INTERVAL, "500ms");
        env.put(WorkerConfig.SHUTDOWN_GRACE, "5s");
        env.put(WorkerConfig.WORKER_ID, "test-worker");
        env.put(WorkerConfig.ALLOWED_NETWORKS, LOOPBACK); // the receivers listen on loopback
        env.putAll(overrides);
        return env;
    }

    WorkerConfig config(Map<String, String> overrides) {
        return WorkerConfig.fromEnvironment(env(overrides));
    }

    Optional<MessageView> message(String id) {
        return history.findMessage(id);
    }

    /** Waits until the history shows every id delivered or dead. */
    void awaitFinal(Collection<String> ids, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(history.findMessage(id)).as("history of %s", id)
                        .hasValueSatisfying(m -> assertThat(m.status().isFinal())
                                .as("%s is %s after %d attempts, not final", id, m.status(), m.attempts()).isTrue());
            }
        });
    }

    /** Sends {@code n} messages to {@code urlPrefix} + index in one batch; returns their ids in order. */
    List<String> sendMany(String urlPrefix, int n) {
        List<Message> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(Message.builder(urlPrefix + i).payload("{\"i\":" + i + "}").build());
        }
        return producer.sendAll(messages).stream().map(MessageId::value).toList();
    }

    /** The invariant at the end of a run: every id was delivered, or is dead and in the dead-letter archive. */
    void assertDeliveredOrArchived(Collection<String> ids) {
        for (String id : ids) {
            MessageView m = history.findMessage(id).orElseThrow(() -> new AssertionError(id + " is not in the history"));
            if (m.status() == MessageStatus.DEAD) {
                assertThat(history.findDeadLetter(id)).as("dead letter of %s", id).isPresent();
            } else {
                assertThat(m.status()).as("status of %s", id).isEqualTo(MessageStatus.DELIVERED);
            }
        }
    }

    long countWithStatus(Collection<String> ids, MessageStatus status) {
        return ids.stream().filter(id -> history.findMessage(id).map(m -> m.status() == status).orElse(false)).count();
    }

    /** Every job of the queue is in exactly one state and the counters match the leases. */
    QueueInspector.Report inspect() {
        WorkerConfig c = config(Map.of());
        return new QueueInspector(redis, new QueueSettings(queue, c.partitions(), c.lease(), c.endpointConcurrency(),
                c.maxStalls(), QueueSettings.DEFAULT_PROMOTE_LIMIT, QueueSettings.DEFAULT_REAP_LIMIT)).check();
    }

    /** Every partition's in-flight counters, as {@code <partition>/<endpoint>} to count. */
    Map<String, Long> inFlightCounters() {
        Map<String, Long> counters = new TreeMap<>();
        for (int p = 0; p < config(Map.of()).partitions(); p++) {
            int partition = p;
            redis.<String, String>getMap(new RedisKeys(queue, p).inflight(), StringCodec.INSTANCE).readAllMap()
                    .forEach((ep, n) -> counters.put(partition + "/" + ep, Long.parseLong(n)));
        }
        return counters;
    }

    @Override
    public void close() {
        producer.close();
        redis.shutdown();
        database.close();
    }
}
