package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.testing.RealServers;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Producers on a fixed clock against the test Redis, and a Redis client to look at what they wrote. An extension:
 * register it on a field with {@code @RegisterExtension}; it connects before each test and closes every producer
 * after it. Not thread-safe, except the producers themselves.
 */
final class ProducerFixture implements BeforeEachCallback, AfterEachCallback {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
    static final String URL = "https://receiver.example.com/hooks/orders";
    /** The endpoint of {@link #URL}. */
    static final String ENDPOINT = "https://receiver.example.com:443";

    static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String NEW_SECRET = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";

    String redisUrl;
    RedisClient redis;
    private final List<HookshotProducer> producers = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        redisUrl = RealServers.serversOf(context).redisUrl();
        redis = RedisClient.create(URI.create(redisUrl));
    }

    /** A producer on the fixed clock, closed with the fixture. */
    HookshotProducer producer(ProducerConfig config) {
        HookshotProducer p = HookshotProducer.create(
                config, Clock.fixed(NOW, ZoneOffset.UTC), AwaitSettings.defaults(), ProducerListener.NONE);
        producers.add(p);
        return p;
    }

    HookshotProducer producer(String queue) {
        return producer(ProducerConfig.defaults(redisUrl).withQueue(queue));
    }

    static RedisKeys keysOf(String queue, String url) {
        return new RedisKeys(
                queue, Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)), ProducerConfig.DEFAULT_PARTITIONS));
    }

    /** The job stored on {@code queue} for message {@code id} sent to {@code url}, decoded. */
    Job storedJob(String queue, String url, MessageId id) {
        return JobCodec.decode(redis.hget(keysOf(queue, url).job(id.value()), "data"));
    }

    /** Asserts that {@code ids} are the ids of {@code sent}, in order, and that each one's job holds its payload. */
    void assertStoredInOrder(String queue, List<Message> sent, List<MessageId> ids) {
        assertThat(ids).containsExactlyElementsOf(sent.stream().map(Message::id).toList());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(storedJob(queue, sent.get(i).url(), ids.get(i)).payload())
                    .isEqualTo(sent.get(i).payloadBytes());
        }
    }

    static Message.Builder message() {
        return Message.builder(URL).payload("{\"order\":42}");
    }

    long serverTimeMs() {
        return (Long) redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
    }

    List<String> keysMatching(String pattern) {
        List<String> found = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page =
                    redis.scan(cursor, new ScanParams().match(pattern).count(1000));
            found.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        producers.forEach(HookshotProducer::close);
        producers.clear();
        redis.close();
    }
}
