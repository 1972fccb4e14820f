package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueCall;
import io.hookshot.common.EnqueueLayout;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.RetrySchedule;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The KEYS and ARGV of the enqueue script, exactly as {@code enqueue.lua} expects them, and how a send is cut. */
class EnqueueCallsTest {
    private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00.123Z");
    private static final String URL = "https://Hooks.Example.com/orders?x=1";

    private static ProducerConfig config(int partitions) {
        return ProducerConfig.defaults("redis://127.0.0.1:6379")
                .withQueue("q-1")
                .withPartitions(partitions)
                .withIdempotencyWindow(Duration.ofMinutes(7));
    }

    private static EnqueueCalls.Plan plan(int partitions, List<Message> messages) {
        return new EnqueueCalls(config(partitions))
                .of(
                        messages,
                        messages.stream().map(m -> URI.create(m.url())).toList(),
                        CREATED,
                        java.util.Optional.empty(),
                        java.util.Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 1024})
    void laysOutTheKeysAndArgumentsOfTheScript(int partitions) {
        Message m = Message.builder(URL)
                .payload(new byte[] {(byte) 0xff})
                .id(new MessageId("m1"))
                .header("X-A", "1")
                .delay(Duration.ofSeconds(3))
                .idempotencyKey("k|1")
                .retrySchedule(RetrySchedule.parse("1s,2s"))
                .build();
        String endpoint = "https://hooks.example.com:443";
        String p = "{hookshot:q-1:" + Endpoints.partitionOf(endpoint, partitions) + "}:";

        EnqueueCall call = plan(partitions, List.of(m)).calls().getFirst();

        assertThat(call.ids()).containsExactly(new MessageId("m1"));
        assertThat(call.keys()).containsExactly(p + "ring", p + "ringset", p + "delayed", p + "outbox");
        assertThat(call.args())
                .containsExactly(
                        p,
                        "hookshot:q-1:wake",
                        "420000",
                        "m1",
                        endpoint,
                        "{\"v\":1,\"id\":\"m1\",\"url\":\"" + URL + "\",\"headers\":{\"X-A\":\"1\"},"
                                + "\"contentType\":\"application/json\",\"body64\":\"/w==\",\"retry\":[1000,2000],"
                                + "\"idem\":\"k|1\",\"created\":1795860000123}",
                        "3000",
                        "",
                        "k|1",
                        URL,
                        "1795860000123",
                        "",
                        "");
        assertThat(call.routingKey())
                .isEqualTo(new RedisKeys("q-1", Endpoints.partitionOf(endpoint, partitions)).ring());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 1024})
    void aMessageWithoutOptionsHasEmptyArguments(int partitions) {
        Message m = Message.builder("http://h:8080/")
                .payload("{}")
                .id(new MessageId("m2"))
                .dueAt(CREATED.plusSeconds(5))
                .build();
        String p = "{hookshot:q-1:" + Endpoints.partitionOf("http://h:8080", partitions) + "}:";

        EnqueueCall call = plan(partitions, List.of(m)).calls().getFirst();

        assertThat(call.args().subList(6, 9)).containsExactly("0", Long.toString(CREATED.toEpochMilli() + 5000), "");
        assertThat(JobCodec.decode(call.args().get(5)).payload()).isEqualTo("{}".getBytes());
        assertThat(call.args().getFirst()).isEqualTo(p);
    }

    @Test
    void oneCallPerPartitionWithTenArgumentsPerMessageAndPositionsBackToTheInput() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(Message.builder("https://host" + (i % 3) + ".example.com/")
                    .payload("{}")
                    .build());
        }

        EnqueueCalls.Plan plan = plan(16, messages);

        assertThat(plan.calls())
                .hasSizeBetween(1, 3)
                .allSatisfy(call ->
                        assertThat(call.args()).hasSize(3 + 10 * call.ids().size()));
        List<MessageId> inCallOrder =
                plan.calls().stream().flatMap(c -> c.ids().stream()).toList();
        assertThat(inCallOrder).hasSize(12);
        for (int k = 0; k < inCallOrder.size(); k++) {
            assertThat(inCallOrder.get(k))
                    .isEqualTo(messages.get(plan.positions()[k]).id());
        }
        for (EnqueueCall call : plan.calls()) {
            List<String> partitionsOfItsMessages = IntStream.range(0, call.ids().size())
                    .mapToObj(j -> new RedisKeys(
                                    "q-1", Endpoints.partitionOf(call.args().get(3 + 10 * j + 1), 16))
                            .ring())
                    .distinct()
                    .toList();
            assertThat(partitionsOfItsMessages).containsExactly(call.routingKey());
        }
    }

    @Test
    void aPartitionsMessagesAreCutIntoCallsOfAtMostTheLimitInOrder() {
        int count = 2 * EnqueueLayout.MAX_JOBS_PER_CALL + 1;
        List<Message> messages = IntStream.range(0, count)
                .mapToObj(i -> Message.builder("https://one.example.com/")
                        .payload("{}")
                        .build())
                .toList();

        EnqueueCalls.Plan plan = plan(16, messages);

        assertThat(plan.calls())
                .extracting(c -> c.ids().size())
                .containsExactly(EnqueueLayout.MAX_JOBS_PER_CALL, EnqueueLayout.MAX_JOBS_PER_CALL, 1);
        assertThat(plan.calls().stream().flatMap(c -> c.ids().stream()).toList())
                .containsExactlyElementsOf(messages.stream().map(Message::id).toList());
        assertThat(plan.positions()).containsExactly(IntStream.range(0, count).toArray());
    }

    @Test
    void largeMessagesTravelInSmallerCalls() {
        String large = "{\"x\":\"" + "a".repeat(EnqueueLayout.MAX_DATA_PER_CALL / 3) + "\"}";
        List<Message> messages = IntStream.range(0, 7)
                .mapToObj(i -> Message.builder("https://one.example.com/")
                        .payload(large)
                        .build())
                .toList();

        EnqueueCalls.Plan plan = plan(16, messages);

        assertThat(plan.calls()).extracting(c -> c.ids().size()).containsExactly(2, 2, 2, 1);
        assertThat(plan.calls())
                .allSatisfy(c -> assertThat(
                                c.args().stream().mapToLong(String::length).sum())
                        .isLessThan(EnqueueLayout.MAX_DATA_PER_CALL + 2000L));
    }
}
