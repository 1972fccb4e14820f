package io.hookshot.common;

import static io.hookshot.common.GoldenFiles.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A fan-out message's job carries its {@link EventOrigin}; jobs without one are written and read as before. */
class JobCodecOriginTest {
    private static final EventOrigin ORIGIN = new EventOrigin("evt_01", "ep_a1", "acme", "invoice.paid");

    private static Job fannedOut() {
        return new Job(
                new MessageId("msg_2"),
                URI.create("https://example.com/hooks"),
                Map.of("X-Tenant", "acme"),
                "{\"invoice\":7}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Optional.empty(),
                Optional.of("evt_01"),
                List.of(),
                Instant.parse("2026-11-28T10:00:00.123Z"),
                Optional.of(ORIGIN));
    }

    @Test
    void encodesTheOriginAsInTheGoldenFile() throws IOException {
        assertThat(JobCodec.encode(fannedOut())).isEqualTo(golden("job-v1-event.json"));
    }

    @Test
    void decodesTheGoldenFileWithItsOrigin() throws IOException {
        Job job = JobCodec.decode(golden("job-v1-event.json"));

        assertThat(job).isEqualTo(fannedOut());
        assertThat(job.origin()).contains(ORIGIN);
    }

    @Test
    void aJobWithoutAnOriginHasNoneAndKeepsItsUrlsEndpoint() throws IOException {
        Job job = JobCodec.decode(golden("job-v1.json"));

        assertThat(job.origin()).isEmpty();
        assertThat(job.endpointKey()).isEqualTo("https://example.com:443");
        assertThat(JobCodec.encode(job)).doesNotContain("\"event\"");
    }

    @Test
    void aFanOutMessageIsQueuedUnderItsEndpointId() {
        assertThat(fannedOut().endpointKey()).isEqualTo("ep_a1");
        assertThat(fannedOut()
                        .withUrl(URI.create("https://other.example.com/x"))
                        .endpointKey())
                .isEqualTo("ep_a1");
    }

    @Test
    void theOldCodecReadsAFanOutJobAsAPlainOne() throws Exception {
        Job old = LegacyJobCodec.decode(JobCodec.encode(fannedOut()));

        assertThat(old.origin()).isEmpty();
        assertThat(old.id()).isEqualTo(fannedOut().id());
        assertThat(old.payload()).isEqualTo(fannedOut().payload());
    }

    @Test
    void anIncompleteOriginNamesTheMissingField() {
        String json = "{\"v\":1,\"id\":\"m\",\"url\":\"https://h/\",\"body\":\"{}\",\"created\":1,"
                + "\"event\":{\"id\":\"evt_1\",\"tenant\":\"acme\",\"type\":\"t\"}}";

        assertThatThrownBy(() -> JobCodec.decode(json))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageContaining("field 'event.endpoint' is missing");
    }
}
