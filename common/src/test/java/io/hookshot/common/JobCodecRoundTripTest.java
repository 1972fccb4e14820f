package io.hookshot.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round trips of random jobs: whatever the headers and payload bytes, {@code decode(encode(job))} is the job, the
 * text is what the old codec wrote, and a payload goes as {@code body} exactly when it is valid UTF-8. Seeded, so a
 * failure repeats; the seed is in the assertion's description.
 */
class JobCodecRoundTripTest {
    private static final int JOBS = 3000;
    /** Characters that JSON escapes, or that escaping schemes for HTML often do. */
    private static final String SPECIAL = "\"\\/\u007f<>&'";

    @Test
    void randomJobsRoundTripAndMatchTheOldCodec() throws Exception {
        for (long seed = 0; seed < JOBS; seed++) {
            Job job = randomJob(new Random(seed));

            String json = JobCodec.encode(job);

            assertThat(JobCodec.decode(json)).as("seed %d", seed).isEqualTo(job);
            assertThat(json).as("seed %d", seed).isEqualTo(LegacyJobCodec.encode(job));
            boolean validUtf8 = LegacyJobCodec.utf8OrNull(job.payload()) != null;
            assertThat(json.contains("\"body\":"))
                    .as("seed %d: body as text", seed)
                    .isEqualTo(validUtf8);
        }
    }

    @Test
    void bigPayloadsRoundTrip() {
        Random random = new Random(42);
        byte[] ascii = new byte[4 << 20];
        for (int i = 0; i < ascii.length; i++) {
            ascii[i] = (byte) random.nextInt(0x80);
        }
        byte[] binary = new byte[4 << 20];
        random.nextBytes(binary);
        byte[] unicode = "{\"ü\":\"東京🚀\"}".repeat(200_000).getBytes(StandardCharsets.UTF_8);

        for (byte[] payload : List.of(ascii, binary, unicode)) {
            Job job = job(payload, Map.of());
            assertThat(JobCodec.decode(JobCodec.encode(job))).isEqualTo(job);
        }
    }

    /** Jackson refuses strings over 20 million characters by default; the largest allowed payload is 64 MiB. */
    @Test
    void aBodyLongerThanJacksonsDefaultLimitDecodes() {
        byte[] payload = new byte[20_000_001];
        java.util.Arrays.fill(payload, (byte) 'a');
        Job job = job(payload, Map.of());

        assertThat(JobCodec.decode(JobCodec.encode(job)).payload()).hasSize(payload.length);
    }

    @Test
    void aLoneNonAsciiByteAfterAsciiTextIsBinary() {
        byte[] payload = "{\"a\":1}\u0080".getBytes(StandardCharsets.ISO_8859_1);

        String json = JobCodec.encode(job(payload, Map.of()));

        assertThat(json)
                .contains("\"body64\":\"" + Base64.getEncoder().encodeToString(payload) + "\"")
                .doesNotContain("\"body\"");
    }

    private static Job randomJob(Random r) {
        Map<String, String> headers = new LinkedHashMap<>();
        int count = r.nextInt(5);
        for (int i = 0; i < count; i++) {
            headers.put("X-" + randomText(r, 1 + r.nextInt(10)), randomText(r, r.nextInt(40)));
        }
        Job base = job(randomPayload(r), headers);
        return new Job(
                base.id(),
                base.url(),
                headers,
                base.payload(),
                randomText(r, 1 + r.nextInt(30)),
                r.nextBoolean() ? Optional.empty() : Optional.of(randomSchedule(r)),
                r.nextBoolean() ? Optional.empty() : Optional.of(randomText(r, 1 + r.nextInt(20))),
                r.nextInt(4) == 0 ? List.of(randomSecret(r)) : List.of(),
                Instant.ofEpochMilli(r.nextLong(0, 4_000_000_000_000L)));
    }

    private static byte[] randomPayload(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(r, r.nextInt(200)); // mostly invalid UTF-8
            case 2 -> randomText(r, r.nextInt(200)).getBytes(StandardCharsets.UTF_8); // valid, often non-ASCII
            case 3 -> {
                byte[] ascii = randomBytes(r, r.nextInt(200));
                for (int i = 0; i < ascii.length; i++) {
                    ascii[i] &= 0x7f; // control characters included
                }
                yield ascii;
            }
            case 4 -> { // valid text with one byte spoiled: a stray continuation byte or a truncated sequence
                byte[] text = (randomText(r, r.nextInt(50)) + "é").getBytes(StandardCharsets.UTF_8);
                text[r.nextInt(text.length)] = (byte) (0x80 | r.nextInt(0x80));
                yield text;
            }
            default -> randomBytes(r, 1 + r.nextInt(70_000));
        };
    }

    private static byte[] randomBytes(Random r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        return bytes;
    }

    /** Code points from every range that matters to JSON: controls, quotes, ASCII, Latin-1, BMP, emoji. */
    private static String randomText(Random r, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(
                    switch (r.nextInt(7)) {
                        case 0 -> r.nextInt(0x20);
                        case 1 -> SPECIAL.charAt(r.nextInt(SPECIAL.length()));
                        case 2, 3 -> 0x20 + r.nextInt(0x5f);
                        case 4 -> 0x80 + r.nextInt(0x780);
                        case 5 -> randomBmpNonSurrogate(r);
                        default -> 0x10000 + r.nextInt(0x100000);
                    });
        }
        return text.toString();
    }

    private static int randomBmpNonSurrogate(Random r) {
        int c = 0x800 + r.nextInt(0xf800);
        return c >= 0xd800 && c <= 0xdfff ? c - 0x1000 : c;
    }

    private static RetrySchedule randomSchedule(Random r) {
        List<Duration> delays = new ArrayList<>();
        int n = 1 + r.nextInt(10);
        for (int i = 0; i < n; i++) {
            delays.add(Duration.ofMillis(r.nextLong(0, RetrySchedule.MAX_DELAY.toMillis() + 1)));
        }
        return new RetrySchedule(delays);
    }

    private static SigningSecret randomSecret(Random r) {
        return SigningSecret.parse(SigningSecret.PREFIX
                + Base64.getEncoder().encodeToString(randomBytes(r, SigningSecret.MIN_KEY_BYTES + r.nextInt(41))));
    }

    private static Job job(byte[] payload, Map<String, String> headers) {
        return new Job(
                new MessageId("msg_1"),
                URI.create("https://example.com/hook"),
                headers,
                payload,
                Job.DEFAULT_CONTENT_TYPE,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Instant.EPOCH);
    }
}
