package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"m", "msg_01a2233dbfe373998ea2dc4133f3a8de", "AZaz09_-", "-", "_"})
    void acceptsLettersDigitsUnderscoreAndDash(String id) {
        assertThat(new MessageId(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a b", "a/b", "é", "a\u0000", "a\n", "ｍ", "a@", "a[", "a`", "a{", "a:"})
    void refusesAnythingElse(String id) {
        assertThatThrownBy(() -> new MessageId(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("message id must be 1 to 128 letters, digits, '_' or '-', got: ");
    }

    @org.junit.jupiter.api.Test
    void acceptsUpTo128Characters() {
        assertThat(new MessageId("a".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> new MessageId("a".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    }
}
