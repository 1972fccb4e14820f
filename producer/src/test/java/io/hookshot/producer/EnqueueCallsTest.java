package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Endpoints;
import io.hookshot.common.EnqueueCall;
import io.hookshot.common.JobCodec;
import io.hookshot.common.MessageId;
import io.hookshot.common.RedisKeys;
import io.hookshot.common.RetrySchedule;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The KEYS and ARGV of the enqueue script, exactly as {@code enqueue.lua} expects them. */
class EnqueueCallsTest {
    private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00.123Z");
    private static final String URL = "https://Hooks.Example.com/orders?x=1";

    private static ProducerConfig config(int partitions) {
        return ProducerConfig.defaults("redis://127.0.0.1:6379").withQueue("q-1").withPartitions(partitions)
                .withIdempotencyWindow(Duration.ofMinutes(7));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 1024})
    void laysOutTheKeysAndArgumentsOfTheScript(int partitions) {
        Message m = Message.builder(URL).payload(new byte[] {(byte) 0xff}).id(new MessageId("m1"))
                .header("X-A", "1").delay(Duration.ofSeconds(3)).idempotencyKey("k|1")
                .retrySchedule(RetrySchedule.parse("1s,2s")).build();
        String endpoint = "https://hooks.example.com:443";
        String p = "{hookshot:q-1:" + Endpoints.partitionOf(endpoint, partitions) + "}:";

        EnqueueCall call = new EnqueueCalls(config(partitions)).of(m, URI.create(URL), CREATED);

        assertThat(call.id()).isEqualTo(new MessageId("m1"));
        assertThat(call.keys()).containsExactly(p + "job:m1", p + "ready:" + endpoint, p + "ring", p + "ringset",
                p + "delayed", p + "outbox", p + "idem:" + endpoint + "|k|1");
        assertThat(call.args()).containsExactly("m1", endpoint,
                "{\"v\":1,\"id\":\"m1\",\"url\":\"" + URL + "\",\"headers\":{\"X-A\":\"1\"},"
                        + "\"contentType\":\"application/json\",\"body64\":\"/w==\",\"retry\":[1000,2000],"
                        + "\"idem\":\"k|1\",\"created\":1795860000123}",
                "3000", "", "k|1", "420000", URL, "1795860000123", p, "hookshot:q-1:wake");
        assertThat(call.jobKey()).isEqualTo(new RedisKeys("q-1", Endpoints.partitionOf(endpoint, partitions))
                .job("m1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 1024})
    void aMessageWithoutOptionsHasEmptyArguments(int partitions) {
        Message m = Message.builder("http://h:8080/").payload("{}").id(new MessageId("m2"))
                .dueAt(CREATED.plusSeconds(5)).build();
        String p = "{hookshot:q-1:" + Endpoints.partitionOf("http://h:8080", partitions) + "}:";

        EnqueueCall call = new EnqueueCalls(config(partitions)).of(m, URI.create("http://h:8080/"), CREATED);

        assertThat(call.keys().getLast()).isEqualTo(p + "idem:http://h:8080|");
        assertThat(call.args().subList(3, 6)).containsExactly("0", Long.toString(CREATED.toEpochMilli() + 5000), "");
        assertThat(JobCodec.decode(call.args().get(2)).payload()).isEqualTo("{}".getBytes());
        assertThat(call.args().get(9)).isEqualTo(p);
    }
}
