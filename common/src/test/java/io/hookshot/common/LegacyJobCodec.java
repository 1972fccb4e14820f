package io.hookshot.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record-based (databind) {@link JobCodec} of earlier releases, kept as it was, to prove that the streaming codec
 * reads every job it wrote, writes the same text, and writes jobs it can read (workers of both kinds run side by side
 * during an upgrade).
 */
final class LegacyJobCodec {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Wire(
            Integer v,
            String id,
            String url,
            Map<String, String> headers,
            String contentType,
            String body,
            String body64,
            List<Long> retry,
            String idem,
            List<String> secrets,
            Long created) {}

    private LegacyJobCodec() {}

    static String encode(Job job) {
        String text = utf8OrNull(job.payload());
        Wire wire = new Wire(
                1,
                job.id().value(),
                job.url().toString(),
                job.headers(),
                job.contentType(),
                text,
                text == null ? Base64.getEncoder().encodeToString(job.payload()) : null,
                job.retrySchedule()
                        .map(s -> s.delays().stream().map(Duration::toMillis).toList())
                        .orElse(null),
                job.idempotencyKey().orElse(null),
                job.signingSecrets().isEmpty()
                        ? null
                        : job.signingSecrets().stream()
                                .map(SigningSecret::encoded)
                                .toList(),
                job.createdAt().toEpochMilli());
        try {
            return MAPPER.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode job " + job.id(), e);
        }
    }

    static Job decode(String json) throws Exception {
        Wire w = MAPPER.readValue(json, Wire.class);
        if (w == null || w.v() == null || w.v() != 1) {
            throw new IllegalArgumentException("version " + (w == null ? null : w.v()));
        }
        byte[] payload = w.body() != null
                ? w.body().getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(w.body64());
        return new Job(
                new MessageId(w.id()),
                new URI(w.url()),
                w.headers() == null ? Map.of() : w.headers(),
                payload,
                w.contentType() == null ? Job.DEFAULT_CONTENT_TYPE : w.contentType(),
                Optional.ofNullable(w.retry())
                        .map(ms -> new RetrySchedule(
                                ms.stream().map(Duration::ofMillis).toList())),
                Optional.ofNullable(w.idem()),
                w.secrets() == null
                        ? List.of()
                        : w.secrets().stream().map(SigningSecret::parse).toList(),
                Instant.ofEpochMilli(w.created()));
    }

    /** The strict check of the old codec: is this valid UTF-8? */
    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
