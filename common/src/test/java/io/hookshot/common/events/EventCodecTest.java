package io.hookshot.common.events;

import static io.hookshot.common.GoldenFiles.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static PublishedEvent sample() {
        return new PublishedEvent(
                new EventId("evt_0192aa"),
                new TenantId("acme"),
                new EventTypeName("invoice.paid"),
                "{\"invoice\":7,\"name\":\"Zoë\"}",
                List.of("eu", "billing"),
                Optional.of("inv-7-paid"),
                Instant.parse("2026-11-28T10:00:00.123Z"));
    }

    @Test
    void encodesVersionOneAsInTheGoldenFile() throws IOException {
        assertThat(EventCodec.encode(sample())).isEqualTo(golden("event-v1.json"));
    }

    @Test
    void decodesTheGoldenFile() throws IOException {
        assertThat(EventCodec.decode(golden("event-v1.json"))).isEqualTo(sample());
    }

    @Test
    void leavesOutEmptyChannelsAndKeyAndReadsThemBackEmpty() {
        PublishedEvent bare = new PublishedEvent(
                new EventId("evt_1"),
                new TenantId("t"),
                new EventTypeName("a"),
                "[]",
                List.of(),
                Optional.empty(),
                Instant.EPOCH);

        String json = EventCodec.encode(bare);

        assertThat(json).doesNotContain("channels").doesNotContain("idem");
        assertThat(EventCodec.decode(json)).isEqualTo(bare);
    }

    @Test
    void ignoresFieldsOfALaterMinorChange() {
        String json = "{\"v\":1,\"id\":\"evt_1\",\"tenant\":\"t\",\"type\":\"a\",\"created\":5,\"payload\":\"1\","
                + "\"later\":{\"x\":[1,2]}}";

        assertThat(EventCodec.decode(json).payload()).isEqualTo("1");
    }

    @Test
    void refusesOtherVersionsAndNamesMissingOrMistypedFields() {
        assertThatThrownBy(() -> EventCodec.decode("{\"v\":2}")).hasMessageContaining("codec version 2");
        assertThatThrownBy(() -> EventCodec.decode(
                        "{\"v\":1,\"id\":\"evt_1\",\"tenant\":\"t\",\"type\":\"a\"," + "\"created\":5}"))
                .hasMessageContaining("field 'payload' is missing");
        assertThatThrownBy(() -> EventCodec.decode("{\"v\":1,\"tenant\":7}"))
                .hasMessageContaining("field 'tenant' must be a string");
        assertThatThrownBy(() -> EventCodec.decode("[1]")).hasMessageContaining("an event is a JSON object");
        assertThatThrownBy(() -> EventCodec.decode("{\"v\":1,\"id\":\"evt_1\",\"tenant\":\"a b\",\"type\":\"a\","
                        + "\"created\":5,\"payload\":\"1\"}"))
                .hasMessageContaining("tenant must be");
    }

    @Test
    void channelsFollowTheDocumentedLimit() {
        EventChannels.check(List.of("eu", "billing:invoices", "a.b_c-d"));
        EventChannels.check(List.of("1", "2", "3", "4", "5"));
        assertThatThrownBy(() -> EventChannels.check(List.of("1", "2", "3", "4", "5", "6")))
                .hasMessageContaining("at most 5 channels, got 6");
        assertThatThrownBy(() -> EventChannels.check(List.of("has space"))).hasMessageContaining("got: 'has space'");
        assertThatThrownBy(() -> EventChannels.check(List.of("x".repeat(129)))).hasMessageContaining("1 to 128");
        assertThatThrownBy(() -> EventChannels.check(List.of(""))).hasMessageContaining("a channel must be");
    }
}
