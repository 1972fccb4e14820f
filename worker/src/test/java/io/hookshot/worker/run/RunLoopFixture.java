package io.hookshot.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.Job;
import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.PlainJob;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestServers;
import io.hookshot.worker.queue.AttemptRecord;
import io.hookshot.worker.queue.QueueInspector;
import io.hookshot.worker.queue.QueueSettings;
import io.hookshot.worker.queue.RedisJobQueue;
import io.hookshot.worker.queue.RedissonClients;
import io.hookshot.worker.queue.ScriptRunner;
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
 * A fresh queue of one partition on the test class's real Redis, for tests that step the run loop's parts
 * themselves: the worker's queue (with the lease a test asks for), an enqueuer laid out as the producer's, the
 * outbox, and the queue's invariant check after each test. An extension: register it on a field with
 * {@code @RegisterExtension}. Not thread-safe; one per test.
 */
final class RunLoopFixture implements BeforeEachCallback, AfterEachCallback {
    static final String URL = "http://127.0.0.1:9001/a";
    static final int ENDPOINT_CAP = 10;

    private RedissonClient redis;
    private QueueSettings settings;
    private ScriptRunner scripts;

    @Override
    public void beforeEach(ExtensionContext context) {
        redis = RedissonClients.create(RealServers.serversOf(context).redisUrl());
        settings = new QueueSettings(TestServers.newQueue(), 1, Duration.ofSeconds(30), ENDPOINT_CAP, 3, 100, 100);
        scripts = new ScriptRunner(redis);
    }

    /** A worker's view of the queue, leasing jobs for {@code lease}. */
    RedisJobQueue queue(Duration lease) {
        return new RedisJobQueue(
                redis,
                new QueueSettings(
                        settings.queue(),
                        settings.partitions(),
                        lease,
                        settings.endpointCap(),
                        settings.maxStalls(),
                        settings.promoteLimit(),
                        settings.reapLimit()));
    }

    /** Runs {@code enqueue} for a job of {@link #URL}, due after {@code delay}. */
    void enqueue(String id, Duration delay) {
        Job job = PlainJob.of(id, URL, "{}");
        scripts.run(ScriptRunner.Call.of(
                new EnqueueLayout(new RedisKeys(settings.queue(), 0), Duration.ZERO).call(job, delay)));
    }

    /** An attempt's details as the worker {@code workerId} would report a 200. */
    static AttemptRecord ok(String workerId) {
        return new AttemptRecord(URL, 0, 5, 200, null, null, Map.of(), "ok", workerId);
    }

    /** How many jobs are in each state now. */
    QueueInspector.Report states() {
        return new QueueInspector(redis, settings).check();
    }

    /** The outbox's records of attempts at {@code id}, oldest first. */
    List<Map<String, String>> attempts(String id) {
        return redis
                .<String, String>getStream(new RedisKeys(settings.queue(), 0).outbox(), StringCodec.INSTANCE)
                .range(StreamMessageId.MIN, StreamMessageId.MAX)
                .values()
                .stream()
                .filter(r -> Outbox.ATTEMPT.equals(r.get(Outbox.TYPE)) && id.equals(r.get(Outbox.ID)))
                .toList();
    }

    /** Checks the queue's invariants, then disconnects. */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            assertThat(states().violations()).isEmpty();
        } finally {
            redis.shutdown();
        }
    }
}
