package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.Job;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void generatesTimeOrderedMessageIds() {
        List<String> ids = IntStream.range(0, 1000)
                .mapToObj(i -> Message.builder("https://example.com/").payload("{}").build().id().value())
                .toList();
        assertThat(ids).allMatch(id -> id.matches("msg_[0-9a-f]{12}7[0-9a-f]{19}"));
        assertThat(ids).isSorted();
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSize(ids.size());
    }

    @Test
    void keepsHeadersInOrderAndDefaultsTheContentType() {
        Message m = Message.builder("https://example.com/").payload("{\"a\":1}")
                .header("X-B", "2").header("X-A", "1").header("X-C", "3").build();
        assertThat(m.headers().keySet()).containsExactly("X-B", "X-A", "X-C");
        assertThat(m.contentType()).isEqualTo(Job.DEFAULT_CONTENT_TYPE);
        assertThat(m.payload()).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void isNotChangedByTheBytesItWasBuiltFrom() {
        byte[] body = {1, 2, 3};
        Message m = Message.builder("https://example.com/").payload(body).build();
        body[0] = 9;
        m.payload()[1] = 9;
        assertThat(m.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void toStringHidesThePayload() {
        Message m = Message.builder("https://example.com/").payload("{\"card\":\"4111\"}").build();
        assertThat(m.toString()).doesNotContain("4111").contains("15 bytes");
    }
}
