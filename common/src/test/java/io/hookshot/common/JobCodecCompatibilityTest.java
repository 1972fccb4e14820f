package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jobs written by the record-based codec of earlier releases ({@link LegacyJobCodec}) are in Redis and in the
 * dead-letter archive: the streaming codec must read every one of them, and write the very same text.
 */
class JobCodecCompatibilityTest {
    private static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEW_SECRET = "whsec_dGhlIG5ldyBzZWNyZXQsIDMyIGJ5dGVzIGxvbmcuLi4=";

    static Stream<Arguments> jobs() {
        return Stream.of(
                Arguments.of("text body", job(utf8("{\"order\":42}"), Map.of())),
                Arguments.of("empty body", job(new byte[0], Map.of())),
                Arguments.of(
                        "binary body64", job(new byte[] {(byte) 0xff, 0, (byte) 0xc3, 0x28, (byte) 0x80}, Map.of())),
                Arguments.of("overlong UTF-8 is binary", job(new byte[] {(byte) 0xc0, (byte) 0x80}, Map.of())),
                Arguments.of(
                        "UTF-8 of a surrogate is binary",
                        job(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, Map.of())),
                Arguments.of(
                        "retry schedule",
                        with(
                                job(utf8("{}"), Map.of()),
                                RetrySchedule.parse("0,5s,5m,30d"),
                                Optional.empty(),
                                List.of())),
                Arguments.of(
                        "idempotency key", with(job(utf8("{}"), Map.of()), null, Optional.of("order-42|x"), List.of())),
                Arguments.of(
                        "signing secrets",
                        with(
                                job(utf8("{}"), Map.of()),
                                null,
                                Optional.empty(),
                                List.of(SigningSecret.parse(OLD_SECRET), SigningSecret.parse(NEW_SECRET)))),
                Arguments.of("headers in order", job(utf8("{}"), ordered("X-B", "2", "X-A", "1", "x-c", ""))),
                Arguments.of("unicode body", job(utf8("{\"name\":\"Zoë 東京 🚀 \\u00e9\"}"), Map.of())),
                Arguments.of(
                        "control characters in body", job(utf8("a\u0000b\u0001\t\n\r\"\\\u001f\u007f/</"), Map.of())),
                Arguments.of(
                        "unicode and control characters in headers",
                        job(
                                utf8("{}"),
                                ordered(
                                        "X-Name",
                                        "Zoë 東京 🚀",
                                        "X-Ctl",
                                        "a\u0000\u0007\t\"\\b",
                                        "X-Ünï",
                                        "\u2028\u2029"))),
                Arguments.of(
                        "everything",
                        with(
                                job(utf8("ü\u0000"), ordered("X-T", "é")),
                                RetrySchedule.exponential(
                                        java.time.Duration.ofSeconds(1), 2, java.time.Duration.ofHours(1), 20),
                                Optional.of("k"),
                                List.of(SigningSecret.parse(NEW_SECRET)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void readsWhatTheOldCodecWrote(String name, Job job) {
        assertThat(JobCodec.decode(LegacyJobCodec.encode(job))).isEqualTo(job);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void writesTheSameTextAsTheOldCodec(String name, Job job) {
        assertThat(JobCodec.encode(job)).isEqualTo(LegacyJobCodec.encode(job));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void writesWhatTheOldCodecReads(String name, Job job) throws Exception {
        assertThat(LegacyJobCodec.decode(JobCodec.encode(job))).isEqualTo(job);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static Job job(byte[] payload, Map<String, String> headers) {
        return new Job(
                new MessageId("msg_01a2233dbfe373998ea2dc4133f3a8de"),
                URI.create("https://hooks.example.com:8443/in?tenant=acme&x=%20"),
                headers,
                payload,
                "application/json; charset=utf-8",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.parse("2026-11-28T10:00:00.123Z"));
    }

    private static Job with(Job j, RetrySchedule retry, Optional<String> idem, List<SigningSecret> secrets) {
        return new Job(
                j.id(),
                j.url(),
                j.headers(),
                j.payload(),
                j.contentType(),
                Optional.ofNullable(retry),
                idem,
                secrets,
                j.createdAt());
    }
}
