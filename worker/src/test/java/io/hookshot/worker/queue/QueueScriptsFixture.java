package io.hookshot.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;

/**
 * One fresh queue of one partition for the script tests: the queue, an enqueuer, a Redis client to look at the keys,
 * and the invariant check at the end. An extension: register it on a field with {@code @RegisterExtension}; it
 * connects before each test and checks and disconnects after it. Not thread-safe; one per test.
 */
final class QueueScriptsFixture implements BeforeEachCallback, AfterEachCallback {
    static final String A = "http://127.0.0.1:9001/a";
    static final String B = "http://127.0.0.1:9002/b";
    static final AttemptRecord RECORD = new AttemptRecord(A, 0, 5, 200, null, null, Map.of(), "ok", "test-worker");

    RedissonClient redis;
    ScriptEnqueuer enqueuer;
    private QueueSettings settings;
    private RedisJobQueue queue;

    @Override
    public void beforeEach(ExtensionContext context) {
        redis = RedissonClients.create(RealServers.serversOf(context).redisUrl());
        String name = TestServers.newQueue();
        settings = new QueueSettings(name, 1, Duration.ofSeconds(30), 2, 1, 100, 100);
        queue = new RedisJobQueue(redis, settings);
        enqueuer = new ScriptEnqueuer(redis, name, 1);
    }

    QueueSettings settings() {
        return settings;
    }

    RedisJobQueue queue() {
        return queue;
    }

    /** The test's queue with a lease of {@code lease} and an endpoint cap of {@code endpointCap}. */
    void useLease(Duration lease, int endpointCap) {
        settings = new QueueSettings(settings.queue(), 1, lease, endpointCap, 1, 100, 100);
        queue = new RedisJobQueue(redis, settings);
    }

    /** The test's queue with an endpoint cap of {@code endpointCap} and {@code endpoints}' breaker and limits. */
    void usePolicy(int endpointCap, EndpointPolicy endpoints) {
        settings = new QueueSettings(settings.queue(), 1, settings.lease(), endpointCap, 1, 100, 100, endpoints);
        queue = new RedisJobQueue(redis, settings);
    }

    RedisKeys keys() {
        return queue.keys(0);
    }

    Map<String, String> job(String id) {
        return redis.<String, String>getMap(keys().job(id), StringCodec.INSTANCE)
                .readAllMap();
    }

    List<Map<String, String>> outbox() {
        Map<StreamMessageId, Map<String, String>> all = redis.<String, String>getStream(
                        keys().outbox(), StringCodec.INSTANCE)
                .range(StreamMessageId.MIN, StreamMessageId.MAX);
        return List.copyOf(all.values());
    }

    /** Checks the queue's invariants, then disconnects. */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            assertThat(new QueueInspector(redis, settings).check().violations()).isEmpty();
        } finally {
            redis.shutdown();
        }
    }
}
