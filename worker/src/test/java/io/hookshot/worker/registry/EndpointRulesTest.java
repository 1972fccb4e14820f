package io.hookshot.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.TenantId;
import io.hookshot.producer.ProducerConfig;
import io.hookshot.worker.http.Cidr;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The rules of an endpoint's fields: each broken one names its field. Registers nothing and connects nowhere. */
class EndpointRulesTest {
    private static final ProducerConfig PRODUCER = ProducerConfig.defaults("redis://127.0.0.1:6379");
    private static final EndpointRules RULES = new EndpointRules(PRODUCER, List.of());
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final TenantId ACME = new TenantId("acme");

    @Test
    void addressLiteralsTheSsrfGuardWouldRefuseAreRefusedAtRegistration() {
        for (String url : List.of(
                "http://10.0.0.5/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://[fe80::1]/hook",
                "http://[::ffff:169.254.169.254]/",
                "http://192.168.1.1:8080/",
                "http://2130706433/",
                "http://0177.0.0.1/",
                "http://0.0.0.0/",
                "http://127.0.0.1:9/hook")) {
            assertThatThrownBy(() -> RULES.target(url, Map.of()))
                    .as(url)
                    .isInstanceOf(InvalidRegistryInputException.class)
                    .hasMessageContaining("which webhooks may not reach")
                    .hasMessageContaining("HOOKSHOT_ALLOWED_NETWORKS")
                    .extracting(e -> ((InvalidRegistryInputException) e).field())
                    .isEqualTo("url");
        }
        assertThatThrownBy(() -> RULES.target("http://169.254.169.254/", Map.of()))
                .hasMessageContaining("cloud metadata service");
        assertThat(RULES.target("https://hooks.example.com/in", Map.of())).hasHost("hooks.example.com");
        assertThat(RULES.target("https://93.184.215.14/in", Map.of()))
                .as("a public literal")
                .isNotNull();
        assertThat(RULES.target("http://localhost:9/in", Map.of()))
                .as("a name: checked when it is resolved")
                .isNotNull();
    }

    @Test
    void theAllowedNetworksOpenExceptionsAsTheyDoForDelivery() {
        EndpointRules loopback = new EndpointRules(PRODUCER, List.of(Cidr.parse("127.0.0.0/8")));
        assertThat(loopback.target("http://127.0.0.1:9/hook", Map.of())).hasPort(9);
        assertThatThrownBy(() -> loopback.target("http://10.0.0.5/", Map.of())).hasMessageContaining("private");
    }

    @Test
    void theUrlAndHeadersFollowTheRulesOfAMessage() {
        refused("url", d -> d.url = "ftp://example.com/x");
        refused("url", d -> d.url = "https://user:pw@example.com/x");
        refused("url", d -> d.url = "https://example.com/x#frag");
        refused("url", d -> d.url = "https://example.com/" + "x".repeat(3000));
        refused("headers", d -> d.headers.put("webhook-signature", "x"));
        refused(
                "headers",
                d -> d.headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        refused("headers", d -> d.headers.put("Bad Name", "x"));
        refused("headers", d -> d.headers.put("X-A", "line\nbreak"));
    }

    @Test
    void everyOtherFieldIsCheckedAndNamed() {
        refused("eventTypes", d -> d.eventTypes = List.of("invoice paid"));
        refused(
                "eventTypes",
                d -> d.eventTypes = java.util.stream.IntStream.range(0, 101)
                        .mapToObj(i -> "t" + i)
                        .toList());
        refused("channels", d -> d.channels = List.of("eu west"));
        refused(
                "channels",
                d -> d.channels = java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> "c" + i)
                        .toList());
        refused("description", d -> d.description = "x".repeat(1025));
        refused("rateLimit", d -> d.rateLimit = Optional.of(0L));
        refused("rateLimit", d -> d.rateLimit = Optional.of(100_001L));
        refused("metadata", d -> d.metadata.put("", "x"));
        refused("disabledReason", d -> d.disabledReason = Optional.of("why"));
        assertThatThrownBy(() -> EndpointRules.secret("whsec_not!base64"))
                .hasMessageStartingWith("secret: ")
                .hasMessageNotContaining("not!base64")
                .extracting(e -> ((InvalidRegistryInputException) e).field())
                .isEqualTo("secret");
    }

    @Test
    void aValidDraftIsNormalizedAndChangesKeepWhatTheyDoNotName() {
        Draft d = new Draft();
        d.eventTypes = List.of("order.paid", "invoice.paid", "order.paid");
        d.channels = List.of("eu", "de", "eu");
        d.disabled = true;
        d.disabledReason = Optional.of("maintenance");
        Endpoint e = RULES.endpoint(EndpointId.random(), ACME, d.build(), NOW);
        assertThat(e.eventTypes()).containsExactly("invoice.paid", "order.paid");
        assertThat(e.channels()).containsExactly("de", "eu");

        Endpoint renamed = RULES.apply(
                e,
                new EndpointChanges(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("new"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                NOW.plusSeconds(1));
        assertThat(renamed.disabledReason()).as("kept while it stays disabled").contains("maintenance");
        assertThat(renamed.updatedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(renamed.createdAt()).isEqualTo(NOW);
        Endpoint enabled = RULES.apply(renamed, EndpointChanges.enable(), NOW);
        assertThat(enabled.disabled()).isFalse();
        assertThat(enabled.disabledReason()).isEmpty();
        assertThat(RULES.apply(enabled, EndpointChanges.disable(Optional.empty()), NOW)
                        .disabledReason())
                .isEmpty();
    }

    private static void refused(String field, Consumer<Draft> change) {
        Draft draft = new Draft();
        change.accept(draft);
        assertThatThrownBy(() -> RULES.endpoint(EndpointId.random(), ACME, draft.build(), NOW))
                .as(field)
                .isInstanceOf(InvalidRegistryInputException.class)
                .extracting(e -> ((InvalidRegistryInputException) e).field())
                .isEqualTo(field);
    }

    /** A draft to spoil one field of. */
    private static final class Draft {
        String url = "https://hooks.example.com/in";
        List<String> eventTypes = List.of();
        List<String> channels = List.of();
        String description = "";
        Map<String, String> headers = new LinkedHashMap<>();
        Optional<Long> rateLimit = Optional.empty();
        boolean disabled;
        Optional<String> disabledReason = Optional.empty();
        Map<String, String> metadata = new LinkedHashMap<>();

        EndpointDraft build() {
            return new EndpointDraft(
                    url,
                    eventTypes,
                    channels,
                    description,
                    headers,
                    Optional.empty(),
                    rateLimit,
                    disabled,
                    disabledReason,
                    metadata);
        }
    }
}
