package io.hookshot.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.signing.SigningSecret;
import io.hookshot.testing.BareEndpoint;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointMirrorCodecTest {
    private static final SigningSecret CURRENT = SigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final SigningSecret OLD = SigningSecret.parse("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD");
    private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");

    private static MirroredEndpoint endpoint(Set<String> types, Set<String> channels, boolean disabled) {
        return new MirroredEndpoint(
                new EndpointId("ep_1a2b"),
                new TenantId("acme"),
                URI.create("https://a.example/h"),
                types,
                channels,
                Map.of("x-env", "prod"),
                List.of(new MirroredSecret(CURRENT, Optional.empty()), new MirroredSecret(OLD, Optional.of(NOON))),
                Optional.of(50),
                disabled);
    }

    @Test
    void roundTripsEveryField() {
        MirroredEndpoint e = endpoint(Set.of("invoice.paid", "invoice.void"), Set.of("eu"), true);
        assertThat(EndpointMirrorCodec.decode(EndpointMirrorCodec.encode(e))).isEqualTo(e);
    }

    @Test
    void leavesOutWhatIsAbsentAndSkipsUnknownFields() {
        MirroredEndpoint bare = BareEndpoint.of("ep_x", new TenantId("t"), "http://127.0.0.1:8080/");
        String json = EndpointMirrorCodec.encode(bare);
        assertThat(json).doesNotContain("rateLimit").doesNotContain("expiresAt");
        String newer = json.replace("\"disabled\"", "\"later\":{\"a\":[1,2]},\"disabled\"");
        assertThat(EndpointMirrorCodec.decode(newer)).isEqualTo(bare);
    }

    @Test
    void namesWhatIsMissing() {
        assertThatThrownBy(() -> EndpointMirrorCodec.decode("{\"id\":\"ep_1\",\"tenant\":\"t\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> EndpointMirrorCodec.decode("[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("START_OBJECT");
    }

    @Test
    void matchesByEventTypeAndChannel() {
        assertThat(endpoint(Set.of(), Set.of(), false).accepts("any.thing", List.of("x")))
                .isTrue();
        assertThat(endpoint(Set.of("invoice.paid"), Set.of(), false).accepts("invoice.paid", List.of()))
                .isTrue();
        assertThat(endpoint(Set.of("invoice.paid"), Set.of(), false).accepts("invoice.void", List.of()))
                .isFalse();
        assertThat(endpoint(Set.of(), Set.of("eu"), false).accepts("a", List.of("us", "eu")))
                .isTrue();
        assertThat(endpoint(Set.of(), Set.of("eu"), false).accepts("a", List.of("us")))
                .isFalse();
        assertThat(endpoint(Set.of(), Set.of("eu"), false).accepts("a", List.of()))
                .isFalse();
        assertThat(endpoint(Set.of(), Set.of(), true).accepts("a", List.of())).isFalse();
    }

    @Test
    void aRotatedOutSecretSignsUntilItsGraceEnds() {
        MirroredEndpoint e = endpoint(Set.of(), Set.of(), false);
        assertThat(e.secretsAt(NOON.minusSeconds(1))).containsExactly(CURRENT, OLD);
        assertThat(e.secretsAt(NOON)).containsExactly(CURRENT);
    }
}
