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
 * The versioned JSON form of a {@link Job}, as stored in Redis. A payload that is valid UTF-8 is stored as text
 * ({@code body}), anything else as base64 ({@code body64}). Thread-safe.
 *
 * <p>Version 1: {@code {"v":1,"id","url","headers","contentType","body"|"body64","retry":[ms...],"idem",
 * "secrets":["whsec_..."],"created"}}. Optional fields ({@code retry}, {@code idem}, {@code secrets}) are left out when
 * empty, so jobs written before a field existed still read.
 *
 * <p>The encoded form holds the job's signing secrets in the clear: it belongs in Redis (and the dead-letter archive,
 * to replay from), never in a log line. {@link JobDecodingException} messages never repeat a secret.
 */
public final class JobCodec {
    /** The version this codec writes; it reads only this version. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Wire(Integer v, String id, String url, Map<String, String> headers, String contentType,
                        String body, String body64, List<Long> retry, String idem, List<String> secrets,
                        Long created) {
    }

    private JobCodec() {
    }

    public static String encode(Job job) {
        String text = utf8OrNull(job.payload());
        Wire wire = new Wire(VERSION, job.id().value(), job.url().toString(), job.headers(), job.contentType(),
                text, text == null ? Base64.getEncoder().encodeToString(job.payload()) : null,
                job.retrySchedule().map(s -> s.delays().stream().map(Duration::toMillis).toList()).orElse(null),
                job.idempotencyKey().orElse(null),
                job.signingSecrets().isEmpty() ? null
                        : job.signingSecrets().stream().map(SigningSecret::encoded).toList(),
                job.createdAt().toEpochMilli());
        try {
            return MAPPER.writeValueAsString(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode job " + job.id(), e);
        }
    }

    /** Reads a stored job; throws {@link JobDecodingException} naming what is wrong. */
    public static Job decode(String json) {
        Wire w;
        try {
            w = MAPPER.readValue(json, Wire.class);
        } catch (JsonProcessingException e) {
            throw new JobDecodingException("job is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (w == null || w.v() == null || w.v() != VERSION) {
            throw new JobDecodingException("job has codec version " + (w == null ? null : w.v())
                    + "; this worker reads version " + VERSION, null);
        }
        try {
            byte[] payload = w.body() != null ? w.body().getBytes(StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(required(w.body64(), "body"));
            return new Job(new MessageId(required(w.id(), "id")), new URI(required(w.url(), "url")),
                    w.headers() == null ? Map.of() : w.headers(), payload,
                    w.contentType() == null ? Job.DEFAULT_CONTENT_TYPE : w.contentType(),
                    Optional.ofNullable(w.retry()).map(JobCodec::schedule), Optional.ofNullable(w.idem()),
                    secrets(w.secrets()), Instant.ofEpochMilli(required(w.created(), "created")));
        } catch (Exception e) {
            throw new JobDecodingException("job is malformed: " + e.getMessage(), e);
        }
    }

    private static RetrySchedule schedule(List<Long> millis) {
        return new RetrySchedule(millis.stream().map(Duration::ofMillis).toList());
    }

    private static List<SigningSecret> secrets(List<String> encoded) {
        return encoded == null ? List.of() : encoded.stream().map(SigningSecret::parse).toList();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value;
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
