package io.hookshot.producer;

import static io.hookshot.producer.ProducerFixture.ENDPOINT;
import static io.hookshot.producer.ProducerFixture.NEW_SECRET;
import static io.hookshot.producer.ProducerFixture.NOW;
import static io.hookshot.producer.ProducerFixture.OLD_SECRET;
import static io.hookshot.producer.ProducerFixture.URL;
import static io.hookshot.producer.ProducerFixture.keysOf;
import static io.hookshot.producer.ProducerFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Job;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.Outbox;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.RetrySchedule;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.testing.TestServers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.resps.StreamEntry;

/**
 * What a send writes to Redis: the job in its endpoint's partition, ready or delayed by the Redis server's clock, one
 * outbox record; batches; one producer shared by threads. {@link ProducerIdempotencyIT} covers repeated sends,
 * {@link ProducerFailuresIT} what fails.
 */
class HookshotProducerIT {
    @RegisterExtension
    final ProducerFixture fixture = new ProducerFixture();

    @Test
    void storesTheJobInThePartitionOfItsEndpoint() {
        String queue = TestServers.newQueue();
        Message sent = Message.builder(URL)
                .payload("{\"order\":42,\"note\":\"caf\u00e9\"}")
                .contentType("application/vnd.orders+json")
                .header("X-Tenant", "acme")
                .header("Authorization", "Bearer t0k3n")
                .retrySchedule(RetrySchedule.parse("1s,1m,1h"))
                .idempotencyKey("order-42-created")
                .signingSecrets(List.of(OLD_SECRET, NEW_SECRET))
                .build();

        MessageId id = fixture.producer(queue).send(sent);

        assertThat(id).isEqualTo(sent.id());
        RedisKeys keys = keysOf(queue, URL);
        Map<String, String> hash = fixture.redis.hgetAll(keys.job(id.value()));
        assertThat(hash).containsEntry("ep", ENDPOINT).containsEntry("att", "0");
        Job job = JobCodec.decode(hash.get("data"));
        assertThat(job)
                .isEqualTo(new Job(
                        id,
                        URI.create(URL),
                        Map.of("X-Tenant", "acme", "Authorization", "Bearer t0k3n"),
                        sent.payload(),
                        "application/vnd.orders+json",
                        Optional.of(RetrySchedule.parse("1s,1m,1h")),
                        Optional.of("order-42-created"),
                        List.of(SigningSecret.parse(OLD_SECRET), SigningSecret.parse(NEW_SECRET)),
                        NOW));
    }

    @Test
    void messageWithoutDelayIsReadyAndItsEndpointInTheRing() {
        String queue = TestServers.newQueue();
        MessageId id = fixture.producer(queue).send(message().build());

        RedisKeys keys = keysOf(queue, URL);
        String endpoint = ENDPOINT;
        assertThat(fixture.redis.lrange(keys.ready(endpoint), 0, -1)).containsExactly(id.value());
        assertThat(fixture.redis.lrange(keys.ring(), 0, -1)).containsExactly(endpoint);
        assertThat(fixture.redis.smembers(keys.ringSet())).containsExactly(endpoint);
        assertThat(fixture.redis.exists(keys.delayed())).isFalse();
    }

    @Test
    void delayedMessageIsDueByTheRedisServerClock() {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(queue);

        long before = fixture.serverTimeMs();
        MessageId id = producer.send(message().delay(Duration.ofMinutes(10)).build());
        long after = fixture.serverTimeMs();

        RedisKeys keys = keysOf(queue, URL);
        long tenMinutes = Duration.ofMinutes(10).toMillis();
        assertThat(fixture.redis.zscore(keys.delayed(), id.value()).longValue())
                .isBetween(before + tenMinutes, after + tenMinutes);
        assertThat(fixture.redis.exists(keys.ready(ENDPOINT))).isFalse();
        assertThat(fixture.redis.exists(keys.ring())).isFalse();
    }

    @Test
    void dueTimeInThePastMeansReadyNow() {
        String queue = TestServers.newQueue();
        MessageId id =
                fixture.producer(queue).send(message().dueAt(Instant.EPOCH).build());

        RedisKeys keys = keysOf(queue, URL);
        assertThat(fixture.redis.lrange(keys.ready(ENDPOINT), 0, -1)).containsExactly(id.value());
    }

    @Test
    void writesOneAcceptedOutboxRecord() {
        String queue = TestServers.newQueue();
        long before = fixture.serverTimeMs();
        MessageId id = fixture.producer(queue).send(message().build());

        List<StreamEntry> records = fixture.redis.xrange(keysOf(queue, URL).outbox(), "-", "+");
        assertThat(records).hasSize(1);
        Map<String, String> fields = records.getFirst().getFields();
        assertThat(fields)
                .containsEntry(Outbox.TYPE, Outbox.ACCEPTED)
                .containsEntry(Outbox.ID, id.value())
                .containsEntry(Outbox.URL, URL)
                .containsEntry(Outbox.CREATED, Long.toString(NOW.toEpochMilli()))
                .containsKeys(Outbox.DUE, Outbox.AT);
        assertThat(Long.parseLong(fields.get(Outbox.AT))).isGreaterThanOrEqualTo(before);
        assertThat(fields.get(Outbox.DUE)).isEqualTo(fields.get(Outbox.AT));
    }

    @Test
    void sendAllReturnsTheIdsInOrderAndStoresEveryMessage() {
        String queue = TestServers.newQueue();
        List<Message> batch = IntStream.range(0, 500)
                .mapToObj(i -> Message.builder("https://host" + (i % 37) + ".example.com/hook")
                        .payload("{\"n\":" + i + "}")
                        .build())
                .toList();

        List<MessageId> ids = fixture.producer(queue).sendAll(batch);

        fixture.assertStoredInOrder(queue, batch, ids);
        assertThat(new HashSet<>(ids)).hasSize(500);
    }

    @Test
    void eightThreadsShareOneProducer() throws Exception {
        String queue = TestServers.newQueue();
        HookshotProducer producer = fixture.producer(
                ProducerConfig.defaults(fixture.redisUrl).withQueue(queue).withMaxPoolSize(3));
        List<Callable<List<MessageId>>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            tasks.add(() -> {
                List<MessageId> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    ids.add(producer.send(Message.builder("https://t" + thread + ".example.com/")
                            .payload("{\"i\":" + i + "}")
                            .build()));
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
        assertThat(fixture.keysMatching("{hookshot:" + queue + ":*}:job:*")).hasSize(8 * 52);
    }
}
