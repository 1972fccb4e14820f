package io.hookshot.common;

import static io.hookshot.common.GoldenFiles.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.events.EventCodec;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A job (and an event) keeps the W3C trace context it was sent in; jobs without one are written and read as before,
 * and a worker of an earlier release reads a job with one as if it had none.
 */
class JobCodecTraceTest {
    private static final TraceContext TRACE = new TraceContext(
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Optional.of("congo=t61rcWkgMzE"));

    private static Job traced(Optional<TraceContext> trace) {
        return new Job(
                new MessageId("msg_3"),
                URI.create("https://example.com/hooks"),
                Map.of(),
                "{\"order\":42}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.parse("2026-11-28T10:00:00.123Z"),
                Optional.empty(),
                trace);
    }

    @Test
    void encodesTheTraceAsInTheGoldenFile() throws IOException {
        assertThat(JobCodec.encode(traced(Optional.of(TRACE)))).isEqualTo(golden("job-v1-trace.json"));
    }

    @Test
    void decodesTheGoldenFileWithItsTrace() throws IOException {
        assertThat(JobCodec.decode(golden("job-v1-trace.json")).trace()).contains(TRACE);
    }

    @Test
    void aTraceWithoutStateReadsBackWithoutIt() {
        Job job = traced(Optional.of(new TraceContext(TRACE.traceparent(), Optional.empty())));

        String json = JobCodec.encode(job);

        assertThat(json).doesNotContain("tracestate");
        assertThat(JobCodec.decode(json)).isEqualTo(job);
    }

    @Test
    void aJobWrittenBeforeTracesHasNoneAndAJobWithoutOneIsWrittenAsBefore() throws IOException {
        Job job = JobCodec.decode(golden("job-v1.json"));

        assertThat(job.trace()).isEmpty();
        assertThat(JobCodec.encode(job)).isEqualTo(golden("job-v1.json"));
    }

    @Test
    void theOldCodecReadsATracedJobAsAPlainOne() throws Exception {
        Job old = LegacyJobCodec.decode(JobCodec.encode(traced(Optional.of(TRACE))));

        assertThat(old.trace()).isEmpty();
        assertThat(old.id()).isEqualTo(new MessageId("msg_3"));
    }

    @Test
    void aTraceWithoutTraceparentNamesTheMissingField() {
        String json = "{\"v\":1,\"id\":\"m\",\"url\":\"https://h/\",\"body\":\"{}\",\"created\":1,"
                + "\"trace\":{\"tracestate\":\"a=b\"}}";

        assertThatThrownBy(() -> JobCodec.decode(json))
                .isInstanceOf(JobDecodingException.class)
                .hasMessageContaining("field 'trace.traceparent' is missing");
    }

    @Test
    void anEventKeepsItsTraceAndOneWithoutIsWrittenWithoutTheField() {
        PublishedEvent event = new PublishedEvent(
                new EventId("evt_1"),
                new TenantId("acme"),
                new EventTypeName("invoice.paid"),
                "{}",
                List.of(),
                Optional.empty(),
                Instant.EPOCH,
                Optional.of(TRACE));
        PublishedEvent untraced = new PublishedEvent(
                event.id(), event.tenant(), event.type(), "{}", List.of(), Optional.empty(), Instant.EPOCH);

        assertThat(EventCodec.decode(EventCodec.encode(event)).trace()).contains(TRACE);
        assertThat(EventCodec.encode(untraced)).doesNotContain("trace");
        assertThat(EventCodec.decode(EventCodec.encode(untraced)).trace()).isEmpty();
    }
}
