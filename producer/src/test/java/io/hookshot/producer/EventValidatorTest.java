package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.events.EventId;
import io.hookshot.common.events.PublishedEvent;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123Z");
    private final EventValidator validator = new EventValidator(64);

    private static Event.Builder valid() {
        return Event.builder("invoice.paid").tenant("acme").payload("{\"invoice\":7}");
    }

    static Stream<Arguments> badEvents() {
        return Stream.of(
                bad("no tenant", Event.builder("a").payload("{}"), "tenant", "tenant is required"),
                bad("bad tenant", valid().tenant("ac me"), "tenant", "tenant must be 1 to 64"),
                bad("bad type", Event.builder("-paid").tenant("a").payload("{}"), "type", "event type must be"),
                bad(
                        "long type",
                        Event.builder("x".repeat(129)).tenant("a").payload("{}"),
                        "type",
                        "event type must be 1 to 128"),
                bad("no payload", Event.builder("a").tenant("a"), "payload", "payload is required"),
                bad(
                        "big payload",
                        valid().payload("[\"" + "x".repeat(70) + "\"]"),
                        "payload",
                        "payload is 74 bytes; the limit is 64 bytes (HOOKSHOT_MAX_PAYLOAD)"),
                bad("not JSON", valid().payload("{\"a\":"), "payload", "payload is not valid JSON"),
                bad("empty payload", valid().payload(" "), "payload", "payload is empty"),
                bad("two values", valid().payload("{} {}"), "payload", "more than one JSON value"),
                bad(
                        "six channels",
                        valid().channels("1", "2", "3", "4", "5", "6"),
                        "channels",
                        "at most 5 channels, got 6"),
                bad("bad channel", valid().channel("a b"), "channels", "got: 'a b'"),
                bad("long key", valid().idempotencyKey("k".repeat(257)), "idempotencyKey", "1 to 256"),
                bad("key with space", valid().idempotencyKey("a b"), "idempotencyKey", "printable ASCII"));
    }

    private static Arguments bad(String name, Event.Builder event, String field, String message) {
        return Arguments.of(name, event.build(), field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void refusesNamingTheField(String name, Event event, String field, String message) {
        assertThatThrownBy(() -> validator.validate(event, NOW))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void aValidEventBecomesWhatIsPublished() {
        Event event = valid().channels(List.of("eu", "billing"))
                .idempotencyKey("inv-7")
                .id(new EventId("evt_x"))
                .build();

        PublishedEvent published = validator.validate(event, NOW);

        assertThat(published.id()).isEqualTo(new EventId("evt_x"));
        assertThat(published.tenant().value()).isEqualTo("acme");
        assertThat(published.type().value()).isEqualTo("invoice.paid");
        assertThat(published.channels()).containsExactly("eu", "billing");
        assertThat(published.idempotencyKey()).contains("inv-7");
        assertThat(published.createdAt()).isEqualTo(NOW);
    }

    @Test
    void generatedIdsAreTimeOrderedAndDistinct() {
        EventId first = valid().build().id();
        EventId second = valid().build().id();

        assertThat(first.value()).matches("evt_[0-9a-f]{32}");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.value().substring(0, 12))
                .isLessThanOrEqualTo(second.value().substring(0, 12));
    }

    @Test
    void aBatchSaysWhichEventIsRefusedAndTheToStringHidesThePayload() {
        Event bad = valid().tenant("a b").build();

        assertThatThrownBy(() -> validator.validateAll(List.of(valid().build(), bad), NOW, java.util.Optional.empty()))
                .hasMessageStartingWith("event 1 of a batch of 2 (id " + bad.id() + "): tenant must be");
        assertThat(valid().payload("{\"secret\":1}").build().toString()).doesNotContain("secret");
    }
}
