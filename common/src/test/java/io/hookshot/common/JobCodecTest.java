package io.hookshot.common;

import static io.hookshot.common.GoldenFiles.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobCodecTest {
    private static Job sample() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Tenant", "acme");
        headers.put("X-Order", "42");
        return new Job(
                new MessageId("msg_1"),
                URI.create("https://example.com/hooks"),
                headers,
                "{\"order\":42}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Optional.of(RetrySchedule.parse("5s,5m")),
                Optional.of("order-42"),
                List.of(),
                Instant.parse("2026-11-28T10:00:00.123Z"));
    }

    @Test
    void encodesVersionOneAsInTheGoldenFile() throws IOException {
        assertThat(JobCodec.encode(sample())).isEqualTo(golden("job-v1.json"));
    }

    @Test
    void decodesTheGoldenFile() throws IOException {
        Job job = JobCodec.decode(golden("job-v1.json"));

        assertThat(job).isEqualTo(sample());
        assertThat(job.headers().keySet()).containsExactly("X-Tenant", "X-Order");
    }

    @Test
    void binaryPayloadsRoundTripAsBase64() {
        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, 0x28};
        Job job = new Job(
                new MessageId("m"),
                URI.create("http://h/"),
                Map.of(),
                binary,
                "application/octet-stream",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.EPOCH);

        String json = JobCodec.encode(job);

        assertThat(json).contains("\"body64\"").doesNotContain("\"body\"");
        assertThat(JobCodec.decode(json).payload()).isEqualTo(binary);
    }

    @Test
    void createdTimeIsKeptToTheMillisecondSoJobsRoundTrip() {
        Job job = new Job(
                new MessageId("m"),
                URI.create("http://h/"),
                Map.of(),
                new byte[0],
                "text/plain",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.parse("2026-01-01T00:00:00.123456789Z"));

        assertThat(JobCodec.decode(JobCodec.encode(job))).isEqualTo(job);
    }

    @Test
    void corruptOrUnknownVersionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> JobCodec.decode("not json"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":2,\"id\":\"m\"}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageContaining("codec version 2");
        assertThatThrownBy(() -> JobCodec.decode("{\"v\":1,\"id\":\"m\",\"body\":\"x\",\"created\":1}"))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageContaining("'url' is missing");
    }
}
