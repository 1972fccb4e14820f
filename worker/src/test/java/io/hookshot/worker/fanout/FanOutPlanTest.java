package io.hookshot.worker.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.EventOrigin;
import io.hookshot.common.Job;
import io.hookshot.common.events.EndpointId;
import io.hookshot.common.events.EventId;
import io.hookshot.common.events.EventTypeName;
import io.hookshot.common.events.MirroredEndpoint;
import io.hookshot.common.events.MirroredSecret;
import io.hookshot.common.events.PublishedEvent;
import io.hookshot.common.events.TenantId;
import io.hookshot.common.signing.SigningSecret;
import io.hookshot.testing.BareEndpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FanOutPlanTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String CURRENT = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OLD = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";
    private static final TenantId ACME = new TenantId("acme");

    private static MirroredEndpoint endpoint(String id, Set<String> types, Set<String> channels, boolean disabled) {
        return new MirroredEndpoint(
                new EndpointId(id),
                ACME,
                URI.create("https://" + id + ".example.com/hook"),
                types,
                channels,
                Map.of("X-From", id),
                List.of(
                        new MirroredSecret(SigningSecret.parse(CURRENT), Optional.empty()),
                        new MirroredSecret(SigningSecret.parse(OLD), Optional.of(NOW.plusSeconds(60)))),
                Optional.empty(),
                disabled);
    }

    private static PublishedEvent event(String type, List<String> channels) {
        return new PublishedEvent(
                new EventId("evt_1"),
                ACME,
                new EventTypeName(type),
                "{\"n\":1}",
                channels,
                Optional.empty(),
                Instant.parse("2026-12-01T09:59:59.500Z"));
    }

    @Test
    void oneMessagePerEnabledEndpointAcceptingTheTypeAndSharingAChannel() {
        List<MirroredEndpoint> endpoints = List.of(
                endpoint("ep_all", Set.of(), Set.of(), false),
                endpoint("ep_paid", Set.of("invoice.paid"), Set.of(), false),
                endpoint("ep_created", Set.of("invoice.created"), Set.of(), false),
                endpoint("ep_eu", Set.of(), Set.of("eu"), false),
                endpoint("ep_off", Set.of(), Set.of(), true));

        List<String> plain = FanOutPlan.messages(event("invoice.paid", List.of()), endpoints, NOW).stream()
                .map(j -> j.origin().orElseThrow().endpointId())
                .toList();
        List<String> onEu = FanOutPlan.messages(event("invoice.paid", List.of("us", "eu")), endpoints, NOW).stream()
                .map(j -> j.origin().orElseThrow().endpointId())
                .toList();

        assertThat(plain).containsExactly("ep_all", "ep_paid");
        assertThat(onEu).containsExactly("ep_all", "ep_eu", "ep_paid");
    }

    @Test
    void eachMessageIsMadeFromTheEventAndItsEndpoint() {
        MirroredEndpoint ep = endpoint("ep_all", Set.of(), Set.of(), false);
        PublishedEvent event = event("invoice.paid", List.of());

        Job job = FanOutPlan.messages(event, List.of(ep), NOW).getFirst();

        assertThat(job.id()).isEqualTo(event.id().messageIdFor(ep.id()));
        assertThat(job.url()).isEqualTo(ep.url());
        assertThat(job.headers()).containsExactly(Map.entry("X-From", "ep_all"));
        assertThat(job.payload()).isEqualTo("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(job.signingSecrets()).containsExactly(SigningSecret.parse(CURRENT), SigningSecret.parse(OLD));
        assertThat(job.idempotencyKey()).contains("evt_1");
        assertThat(job.endpointKey()).isEqualTo("ep_all");
        assertThat(job.createdAt()).isEqualTo(event.createdAt());
        assertThat(job.origin()).contains(new EventOrigin("evt_1", "ep_all", "acme", "invoice.paid"));
    }

    @Test
    void aRotatedOutSecretStopsSigningWhenItsGracePeriodEnds() {
        Job later = FanOutPlan.messages(
                        event("a", List.of()),
                        List.of(endpoint("ep_all", Set.of(), Set.of(), false)),
                        NOW.plusSeconds(61))
                .getFirst();

        assertThat(later.signingSecrets()).containsExactly(SigningSecret.parse(CURRENT));
    }

    @Test
    void anotherTenantsEndpointNeverGetsTheEvent() {
        MirroredEndpoint foreign = BareEndpoint.of("ep_x", new TenantId("globex"), "https://x.example.com/");

        assertThat(FanOutPlan.messages(event("a", List.of()), List.of(foreign), NOW))
                .isEmpty();
    }
}
