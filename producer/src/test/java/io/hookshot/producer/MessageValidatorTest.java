package io.hookshot.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookshot.common.MessageId;
import io.hookshot.common.RetrySchedule;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final int LIMIT = 1024;
    private final MessageValidator validator = new MessageValidator(LIMIT, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Message.Builder to(String url) {
        return Message.builder(url).payload("{}");
    }

    private static Message.Builder valid() {
        return to("https://example.com/hook");
    }

    static Stream<Arguments> badMessages() {
        return Stream.of(
                bad("relative url", to("/hooks/1"), "url", "must be absolute"),
                bad("ftp url", to("ftp://example.com/file"), "url", "scheme must be http or https, got 'ftp'"),
                bad("url without host", to("http:///nohost"), "url", "no host"),
                bad("opaque url", to("http:example.com"), "url", "no host"),
                bad("host with underscore", to("http://bad_host/"), "url", "no host"),
                bad(
                        "url with user-info",
                        to("https://user:pw@example.com/"),
                        "url",
                        "credentials in URLs leak into logs; send them in a header"),
                bad("url with fragment", to("https://example.com/hook#part"), "url", "fragment"),
                bad("url with space", to("https://example.com/a b"), "url", "not a valid URI"),
                bad("url with port 0", to("https://example.com:0/"), "url", "port must be from 1 to 65535"),
                bad("url too long", to("https://example.com/" + "a".repeat(2100)), "url", "the limit is 2048"),
                bad("missing payload", Message.builder("https://example.com/"), "payload", "payload is required"),
                bad(
                        "oversize payload",
                        valid().payload(new byte[LIMIT + 1]),
                        "payload",
                        "payload is 1025 bytes; the limit is 1024 bytes (HOOKSHOT_MAX_PAYLOAD)"),
                bad(
                        "header name with space",
                        valid().header("Bad Header", "x"),
                        "header",
                        "header name 'Bad Header' is not a valid HTTP header name"),
                bad(
                        "header name with colon",
                        valid().header("x:y", "x"),
                        "header",
                        "header name 'x:y' is not a valid HTTP header name"),
                bad("empty header name", valid().header("", "x"), "header", "is not a valid HTTP header name"),
                bad(
                        "header value with CRLF",
                        valid().header("X-Trace", "a\r\nX-Evil: 1"),
                        "header",
                        "header 'X-Trace' value contains control character 0x0D"),
                bad("header value with NUL", valid().header("X-Trace", "a\0b"), "header", "control character 0x00"),
                bad(
                        "header value beyond ISO-8859-1",
                        valid().header("X-Name", "\u4e2d"),
                        "header",
                        "outside ISO-8859-1"),
                bad("reserved webhook-id", valid().header("webhook-id", "x"), "header", "'webhook-id' is reserved"),
                bad(
                        "reserved Webhook-Signature",
                        valid().header("Webhook-Signature", "v1,x"),
                        "header",
                        "'Webhook-Signature' is reserved"),
                bad("reserved Host", valid().header("Host", "evil.example"), "header", "'Host' is reserved"),
                bad(
                        "reserved traceparent",
                        valid().header("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                        "header",
                        "'Traceparent' is reserved"),
                bad(
                        "reserved tracestate",
                        valid().header("tracestate", "congo=t61"),
                        "header",
                        "'tracestate' is reserved"),
                bad(
                        "reserved Content-Length",
                        valid().header("Content-Length", "1"),
                        "header",
                        "'Content-Length' is reserved"),
                bad(
                        "reserved Transfer-Encoding",
                        valid().header("Transfer-Encoding", "chunked"),
                        "header",
                        "'Transfer-Encoding' is reserved"),
                bad("reserved Connection", valid().header("Connection", "close"), "header", "'Connection' is reserved"),
                bad(
                        "reserved content-type",
                        valid().header("content-type", "text/plain"),
                        "header",
                        "set it with contentType(...) instead"),
                bad(
                        "duplicate header",
                        valid().header("X-A", "1").header("x-a", "2"),
                        "header",
                        "'x-a' is given more than once"),
                bad(
                        "content type with LF",
                        valid().contentType("text/plain\n"),
                        "contentType",
                        "content type value contains control character 0x0A"),
                bad("blank content type", valid().contentType(" "), "contentType", "content type is blank"),
                bad("negative delay", valid().delay(Duration.ofSeconds(-5)), "delay", "delay must not be negative"),
                bad("delay of 91 days", valid().delay(Duration.ofDays(91)), "delay", "delay is 91d; the most is 90d"),
                bad(
                        "dueAt 91 days ahead",
                        valid().dueAt(NOW.plus(Duration.ofDays(91))),
                        "dueAt",
                        "is more than 90d from now"),
                bad(
                        "delay and dueAt",
                        valid().delay(Duration.ofMinutes(1)).dueAt(NOW),
                        "delay",
                        "both a delay and a dueAt"),
                bad(
                        "idempotency key of 257 chars",
                        valid().idempotencyKey("k".repeat(257)),
                        "idempotencyKey",
                        "idempotency key must be 1 to 256 characters, got 257"),
                bad(
                        "empty idempotency key",
                        valid().idempotencyKey(""),
                        "idempotencyKey",
                        "idempotency key must be 1 to 256 characters, got 0"),
                bad(
                        "idempotency key with space",
                        valid().idempotencyKey("order 42"),
                        "idempotencyKey",
                        "printable ASCII without spaces"));
    }

    private static Arguments bad(String name, Message.Builder message, String field, String problem) {
        return Arguments.of(name, message.build(), field, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void rejectsBadInputNamingTheProblem(String name, Message message, String field, String problem) {
        assertThatThrownBy(() -> validator.validate(message))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(problem)
                .satisfies(
                        e -> assertThat(((InvalidMessageException) e).field()).isEqualTo(field));
    }

    static Stream<Message.Builder> goodMessages() {
        return Stream.of(
                valid(),
                to("http://127.0.0.1:8080/hooks?tenant=7"),
                to("HTTPS://Example.COM"),
                to("http://[::1]:9000/x"),
                valid().payload(new byte[LIMIT]),
                valid().payload(new byte[0]),
                valid().header("X-Tenant", "acme")
                        .header("Authorization", "Bearer abc\tdef")
                        .header("X-Latin", "caf\u00e9"),
                valid().contentType("application/cloudevents+json; charset=utf-8"),
                valid().delay(Duration.ZERO),
                valid().delay(Message.MAX_DELAY),
                valid().dueAt(NOW.minus(Duration.ofDays(1))),
                valid().dueAt(NOW.plus(Message.MAX_DELAY)),
                valid().retrySchedule(RetrySchedule.parse("1s,1m")),
                valid().idempotencyKey("k".repeat(256)),
                valid().idempotencyKey("order:42/v1~!"),
                valid().id(new MessageId("evt_2026-03-01")));
    }

    @ParameterizedTest
    @MethodSource("goodMessages")
    void acceptsValidMessages(Message.Builder message) {
        assertThatCode(() -> validator.validate(message.build())).doesNotThrowAnyException();
    }

    @Test
    void emptyRetryScheduleCannotEvenBeBuilt() {
        assertThatThrownBy(() -> RetrySchedule.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry schedule is empty");
        assertThatThrownBy(() -> new RetrySchedule(List.of())).hasMessageContaining("retry schedule is empty");
    }

    @Test
    void batchErrorNamesTheMessage() {
        Message good = valid().build();
        Message bad = to("ftp://example.com/").build();
        assertThatThrownBy(() -> validator.validateAll(List.of(good, good, bad)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("message 2 of a batch of 3 (id " + bad.id() + "): url scheme");
    }

    @Test
    void aMessageAloneIsToldWhatIsWrongWithItAndNothingElse() {
        Message bad = to("ftp://example.com/").build();

        assertThatThrownBy(() -> validator.validateAll(List.of(bad)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("url scheme must be http or https, got 'ftp'")
                .satisfies(
                        e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("url"));
        assertThatThrownBy(() -> validator.validateAll(java.util.Arrays.asList((Message) null)))
                .hasMessage("message is null");
    }

    @Test
    void aBatchErrorNamesTheMessageByIndexAndKeepsTheField() {
        Message good = valid().build();
        Message bad = valid().header("Host", "evil.example").build();

        assertThatThrownBy(() -> validator.validateAll(List.of(bad, good)))
                .hasMessage("message 0 of a batch of 2 (id " + bad.id() + "): header 'Host' is reserved: the worker"
                        + " sets it, or it belongs to the connection (reserved: webhook-*, content-type, connection,"
                        + " content-length, host, keep-alive, proxy-connection, te, traceparent, tracestate, trailer,"
                        + " transfer-encoding, upgrade)")
                .satisfies(
                        e -> assertThat(((InvalidMessageException) e).field()).isEqualTo("header"));
        assertThatThrownBy(() -> validator.validateAll(java.util.Arrays.asList(good, null)))
                .hasMessage("message 1 of a batch of 2 is null");
    }

    @Test
    void userInfoErrorDoesNotRepeatThePassword() {
        assertThatThrownBy(() -> validator.validate(
                        to("https://user:s3cret@example.com/").build()))
                .message()
                .doesNotContain("s3cret");
    }

    @Test
    void returnsTheParsedUrlsInBatchOrderForTheCallerToReuse() {
        Message a = to("https://Example.com:8443/a?x=1").build();
        Message b = to("http://h/b").build();

        assertThat(validator.validateAll(List.of(a, b)))
                .containsExactly(URI.create("https://Example.com:8443/a?x=1"), URI.create("http://h/b"));
    }
}
