package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.Endpoints;
import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.RetrySchedule;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.testing.RealServers;
import io.hookshot.testing.TestRedis;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

@ExtendWith(RealServers.class)
class HookshotProducerIT {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
    private static final String URL = "https://receiver.example.com/hooks/orders";
    private static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW_SECRET = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";

    private final String redisUrl;
    private final RedisClient redis;
    private final List<HookshotProducer> producers = new ArrayList<>();

    HookshotProducerIT(TestServers servers) {
        this.redisUrl = servers.redisUrl();
        this.redis = RedisClient.create(URI.create(redisUrl));
    }

    @AfterEach
    void closeAll() {
        producers.forEach(HookshotProducer::close);
        redis.close();
    }

    private HookshotProducer producer(ProducerConfig config) {
        HookshotProducer p = HookshotProducer.create(config, Clock.fixed(NOW, ZoneOffset.UTC));
        producers.add(p);
        return p;
    }

    private HookshotProducer producer(String queue) {
        return producer(ProducerConfig.defaults(redisUrl).withQueue(queue));
    }

    private static RedisKeys keysOf(String queue, String url) {
        return new RedisKeys(queue, Endpoints.partitionOf(Endpoints.keyOf(URI.create(url)),
                ProducerConfig.DEFAULT_PARTITIONS));
    }

    private static Message.Builder message() {
        return Message.builder(URL).payload("{\"order\":42}");
    }

    @Test
    void storesTheJobInThePartitionOfItsEndpoint() {
        String queue = TestServers.newQueue();
        Message sent = Message.builder(URL).payload("{\"order\":42,\"note\":\"caf\u00e9\"}")
                .contentType("application/vnd.orders+json")
                .header("X-Tenant", "acme").header("Authorization", "Bearer t0k3n")
                .retrySchedule(RetrySchedule.parse("1s,1m,1h"))
                .idempotencyKey("order-42-created")
                .signingSecrets(List.of(OLD_SECRET, NEW_SECRET))
                .build();

        MessageId id = producer(queue).send(sent);

        assertThat(id).isEqualTo(sent.id());
        RedisKeys keys = keysOf(queue, URL);
        Map<String, String> hash = redis.hgetAll(keys.job(id.value()));
        assertThat(hash).containsEntry("ep", "https://receiver.example.com:443").containsEntry("att", "0");
        Job job = JobCodec.decode(hash.get("data"));
        assertThat(job).isEqualTo(new Job(id, URI.create(URL), Map.of("X-Tenant", "acme", "Authorization",
                "Bearer t0k3n"), sent.payload(), "application/vnd.orders+json",
                Optional.of(RetrySchedule.parse("1s,1m,1h")), Optional.of("order-42-created"),
                List.of(SigningSecret.parse(OLD_SECRET), SigningSecret.parse(NEW_SECRET)), NOW));
    }

    @Test
    void messageWithoutDelayIsReadyAndItsEndpointInTheRing() {
        String queue = TestServers.newQueue();
        MessageId id = producer(queue).send(message().build());

        RedisKeys keys = keysOf(queue, URL);
        String endpoint = "https://receiver.example.com:443";
        assertThat(redis.lrange(keys.ready(endpoint), 0, -1)).containsExactly(id.value());
        assertThat(redis.lrange(keys.ring(), 0, -1)).containsExactly(endpoint);
        assertThat(redis.smembers(keys.ringSet())).containsExactly(endpoint);
        assertThat(redis.exists(keys.delayed())).isFalse();
    }

    @Test
    void delayedMessageIsDueByTheRedisServerClock() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = producer(queue);

        long before = serverTimeMs();
        MessageId id = producer.send(message().delay(Duration.ofMinutes(10)).build());
        long after = serverTimeMs();

        RedisKeys keys = keysOf(queue, URL);
        long tenMinutes = Duration.ofMinutes(10).toMillis();
        assertThat(redis.zscore(keys.delayed(), id.value()).longValue())
                .isBetween(before + tenMinutes, after + tenMinutes);
        assertThat(redis.exists(keys.ready("https://receiver.example.com:443"))).isFalse();
        assertThat(redis.exists(keys.ring())).isFalse();
    }

    @Test
    void dueTimeInThePastMeansReadyNow() {
        String queue = TestServers.newQueue();
        MessageId id = producer(queue).send(message().dueAt(Instant.EPOCH).build());

        RedisKeys keys = keysOf(queue, URL);
        assertThat(redis.lrange(keys.ready("https://receiver.example.com:443"), 0, -1)).containsExactly(id.value());
    }

    @Test
    void writesOneAcceptedOutboxRecord() {
        String queue = TestServers.newQueue();
        long before = serverTimeMs();
        MessageId id = producer(queue).send(message().build());

        List<StreamEntry> records = redis.xrange(keysOf(queue, URL).outbox(), "-", "+");
        assertThat(records).hasSize(1);
        Map<String, String> fields = records.getFirst().getFields();
        assertThat(fields).containsEntry(Outbox.TYPE, Outbox.ACCEPTED).containsEntry(Outbox.ID, id.value())
                .containsEntry(Outbox.URL, URL).containsEntry(Outbox.CREATED, Long.toString(NOW.toEpochMilli()))
                .containsKeys(Outbox.DUE, Outbox.AT);
        assertThat(Long.parseLong(fields.get(Outbox.AT))).isGreaterThanOrEqualTo(before);
        assertThat(fields.get(Outbox.DUE)).isEqualTo(fields.get(Outbox.AT));
    }

    @Test
    void sendAllReturnsTheIdsInOrderAndStoresEveryMessage() {
        String queue = TestServers.newQueue();
        List<Message> batch = IntStream.range(0, 500)
                .mapToObj(i -> Message.builder("https://host" + (i % 37) + ".example.com/hook")
                        .payload("{\"n\":" + i + "}").build())
                .toList();

        List<MessageId> ids = producer(queue).sendAll(batch);

        assertThat(ids).containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        assertThat(new HashSet<>(ids)).hasSize(500);
        for (int i = 0; i < batch.size(); i++) {
            RedisKeys keys = keysOf(queue, batch.get(i).url());
            assertThat(JobCodec.decode(redis.hget(keys.job(ids.get(i).value()), "data")).payload())
                    .isEqualTo(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void idempotencyKeySentTwiceReturnsTheFirstIdAndStoresOneJob() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = producer(queue);
        Message first = message().idempotencyKey("order-42").build();
        Message second = message().idempotencyKey("order-42").payload("{\"order\":43}").build();

        MessageId firstId = producer.send(first);
        MessageId secondId = producer.send(second);

        assertThat(secondId).isEqualTo(firstId).isEqualTo(first.id());
        RedisKeys keys = keysOf(queue, URL);
        assertThat(redis.exists(keys.job(second.id().value()))).isFalse();
        assertThat(redis.lrange(keys.ready("https://receiver.example.com:443"), 0, -1))
                .containsExactly(first.id().value());
        long ttl = redis.pttl(keys.idempotency("https://receiver.example.com:443", "order-42"));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(ProducerConfig.DEFAULT_IDEMPOTENCY_WINDOW.toMillis());
    }

    @Test
    void idempotencyKeysAreScopedToTheEndpoint() {
        HookshotProducer producer = producer(TestServers.newQueue());
        Message toOne = Message.builder("https://one.example.com/hook").payload("{}").idempotencyKey("k").build();
        Message toOther = Message.builder("https://other.example.com/hook").payload("{}").idempotencyKey("k").build();

        assertThat(producer.send(toOther)).isNotEqualTo(producer.send(toOne));
    }

    @Test
    void repeatedIdempotencyKeyInOneBatchReturnsTheFirstId() {
        String queue = TestServers.newQueue();
        Message m = message().idempotencyKey("batch-dup").build();
        Message again = message().idempotencyKey("batch-dup").build();

        assertThat(producer(queue).sendAll(List.of(m, again))).containsExactly(m.id(), m.id());
    }

    @Test
    void sameExplicitIdSentTwiceIsStoredOnce() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = producer(queue);
        MessageId id = new MessageId("evt_order_42_created");

        assertThat(producer.send(message().id(id).build())).isEqualTo(id);
        assertThat(producer.send(message().id(id).payload("{\"other\":true}").build())).isEqualTo(id);

        RedisKeys keys = keysOf(queue, URL);
        assertThat(redis.lrange(keys.ready("https://receiver.example.com:443"), 0, -1)).containsExactly(id.value());
        assertThat(redis.xlen(keys.outbox())).isEqualTo(1);
        assertThat(JobCodec.decode(redis.hget(keys.job(id.value()), "data")).payload())
                .isEqualTo("{\"order\":42}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidMessageInABatchEnqueuesNothing() {
        String queue = TestServers.newQueue();
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(i == 7 ? message().header("Webhook-Signature", "v1,forged").build() : message().build());
        }

        assertThatThrownBy(() -> producer(queue).sendAll(batch))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("message 7 of a batch of 10")
                .hasMessageContaining("'Webhook-Signature' is reserved");
        assertThat(keysMatching("{hookshot:" + queue + ":*")).isEmpty();
    }

    @Test
    void sendsStillWorkAfterTheScriptCacheIsFlushed() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = producer(queue);
        producer.send(message().build());

        redis.scriptFlush();
        MessageId one = producer.send(message().build());
        redis.scriptFlush();
        List<Message> batch = IntStream.range(0, 20)
                .mapToObj(i -> Message.builder("https://h" + i + ".example.com/").payload("{}").build()).toList();
        List<MessageId> many = producer.sendAll(batch);

        assertThat(redis.exists(keysOf(queue, URL).job(one.value()))).isTrue();
        assertThat(many).containsExactlyElementsOf(batch.stream().map(Message::id).toList());
        for (Message m : batch) {
            assertThat(redis.exists(keysOf(queue, m.url()).job(m.id().value()))).isTrue();
        }
    }

    @Test
    void partitionCountMismatchFailsNamingBothCounts() {
        String queue = TestServers.newQueue();
        producer(ProducerConfig.defaults(redisUrl).withQueue(queue).withPartitions(16));

        assertThatThrownBy(() -> producer(ProducerConfig.defaults(redisUrl).withQueue(queue).withPartitions(8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 16 partitions")
                .hasMessageContaining("configured with 8")
                .hasMessageContaining("HOOKSHOT_PARTITIONS");
        assertThat(redis.hget(RedisKeys.meta(queue), "partitions")).isEqualTo("16");
    }

    @Test
    void eightThreadsShareOneProducer() throws Exception {
        String queue = TestServers.newQueue();
        HookshotProducer producer = producer(ProducerConfig.defaults(redisUrl).withQueue(queue).withMaxPoolSize(3));
        List<Callable<List<MessageId>>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            tasks.add(() -> {
                List<MessageId> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    ids.add(producer.send(Message.builder("https://t" + thread + ".example.com/")
                            .payload("{\"i\":" + i + "}").build()));
                }
                ids.addAll(producer.sendAll(List.of(message().build(), message().build())));
                return ids;
            });
        }

        List<MessageId> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<List<MessageId>> f : pool.invokeAll(tasks)) {
                all.addAll(f.get());
            }
        }

        assertThat(all).hasSize(8 * 52).doesNotHaveDuplicates();
        assertThat(keysMatching("{hookshot:" + queue + ":*}:job:*")).hasSize(8 * 52);
    }

    @Test
    void redisErrorsAreNotSwallowed() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = producer(queue);
        redis.set(keysOf(queue, URL).ready("https://receiver.example.com:443"), "not a list");

        assertThatThrownBy(() -> producer.sendAll(List.of(message().build(), message().build())))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("Redis rejected the enqueue script for 2 of 2 messages")
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void closedProducerRefusesToSend() {
        HookshotProducer producer = producer(TestServers.newQueue());
        producer.close();
        producer.close();

        assertThatThrownBy(() -> producer.send(message().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void unreachableRedisIsAProducerException() throws Exception {
        String nowhere = "redis://app:s3cret@127.0.0.1:" + TestRedis.freePort();

        assertThatThrownBy(() -> producer(ProducerConfig.defaults(nowhere).withQueue(TestServers.newQueue())))
                .isInstanceOf(ProducerException.class)
                .hasMessageContaining("redis://app:***@127.0.0.1")
                .message().doesNotContain("s3cret");
    }

    private long serverTimeMs() {
        return (Long) redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
    }

    private List<String> keysMatching(String pattern) {
        List<String> found = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(pattern).count(1000));
            found.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }
}
