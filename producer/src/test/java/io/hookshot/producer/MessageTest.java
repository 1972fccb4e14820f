package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.Job;
import io.hookshot.common.signing.SigningSecret;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageTest {
    private static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW_SECRET = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";

    @Test
    void generatesTimeOrderedMessageIds() {
        List<String> ids = IntStream.range(0, 1000)
                .mapToObj(i -> Message.builder("https://example.com/")
                        .payload("{}")
                        .build()
                        .id()
                        .value())
                .toList();
        assertThat(ids).allMatch(id -> id.matches("msg_[0-9a-f]{12}7[0-9a-f]{19}"));
        assertThat(ids).isSorted();
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSize(ids.size());
    }

    @Test
    void keepsHeadersInOrderAndDefaultsTheContentType() {
        Message m = Message.builder("https://example.com/")
                .payload("{\"a\":1}")
                .header("X-B", "2")
                .header("X-A", "1")
                .header("X-C", "3")
                .build();
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
        Message m = Message.builder("https://example.com/")
                .payload("{\"card\":\"4111\"}")
                .build();
        assertThat(m.toString()).doesNotContain("4111").contains("15 bytes");
    }

    @Test
    void carriesItsSigningSecretsInOrderAndNoneByDefault() {
        Message rotating = Message.builder("https://example.com/")
                .payload("{}")
                .signingSecrets(List.of(OLD_SECRET, NEW_SECRET))
                .build();
        Message one = Message.builder("https://example.com/")
                .payload("{}")
                .signingSecret(NEW_SECRET)
                .build();

        assertThat(rotating.signingSecrets())
                .containsExactly(SigningSecret.parse(OLD_SECRET), SigningSecret.parse(NEW_SECRET));
        assertThat(one.signingSecrets()).containsExactly(SigningSecret.parse(NEW_SECRET));
        assertThat(Message.builder("https://example.com/").payload("{}").build().signingSecrets())
                .isEmpty();
    }

    @Test
    void refusesAMalformedSigningSecretNamingTheFieldButNotTheSecret() {
        Message.Builder builder = Message.builder("https://example.com/").payload("{}");

        assertThatThrownBy(() -> builder.signingSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.field()).isEqualTo("signingSecret");
                    assertThat(e.getMessage())
                            .contains("must have the form whsec_<base64>")
                            .doesNotContain("MfKQ9r8");
                });
        assertThatThrownBy(() -> builder.signingSecrets(List.of(OLD_SECRET, "whsec_dG9vIHNob3J0")))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> {
                    assertThat(e.field()).isEqualTo("signingSecret");
                    assertThat(e.getMessage())
                            .isEqualTo("secret 2 of 2: signing secret must hold 24 to 64 bytes after"
                                    + " 'whsec_', this one holds 9");
                });
    }

    @Test
    void refusesNoneOrTooManySigningSecrets() {
        Message.Builder builder = Message.builder("https://example.com/").payload("{}");

        assertThatThrownBy(() -> builder.signingSecrets(List.of()))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("a message takes 1 to 4 signing secrets, got 0");
        assertThatThrownBy(() ->
                        builder.signingSecrets(List.of(OLD_SECRET, OLD_SECRET, OLD_SECRET, OLD_SECRET, OLD_SECRET)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("a message takes 1 to 4 signing secrets, got 5");
    }

    @Test
    void toStringHidesTheSigningSecrets() {
        Message m = Message.builder("https://example.com/")
                .payload("{}")
                .signingSecret(OLD_SECRET)
                .build();

        assertThat(m.toString()).doesNotContain("whsec_", "MfKQ9r8");
    }
}
