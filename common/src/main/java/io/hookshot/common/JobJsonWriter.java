package io.hookshot.common;

import static io.hookshot.common.JobCodec.BODY;
import static io.hookshot.common.JobCodec.BODY64;
import static io.hookshot.common.JobCodec.CONTENT_TYPE;
import static io.hookshot.common.JobCodec.CREATED;
import static io.hookshot.common.JobCodec.EVENT;
import static io.hookshot.common.JobCodec.EVENT_ENDPOINT;
import static io.hookshot.common.JobCodec.EVENT_ID;
import static io.hookshot.common.JobCodec.EVENT_TENANT;
import static io.hookshot.common.JobCodec.EVENT_TYPE;
import static io.hookshot.common.JobCodec.HEADERS;
import static io.hookshot.common.JobCodec.ID;
import static io.hookshot.common.JobCodec.IDEM;
import static io.hookshot.common.JobCodec.RETRY;
import static io.hookshot.common.JobCodec.SECRETS;
import static io.hookshot.common.JobCodec.TRACE;
import static io.hookshot.common.JobCodec.TRACE_PARENT;
import static io.hookshot.common.JobCodec.TRACE_STATE;
import static io.hookshot.common.JobCodec.URL;
import static io.hookshot.common.JobCodec.V;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import io.hookshot.common.signing.SigningSecret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Job} as codec version 1 with Jackson's streaming generator: field by field, in the order the
 * record-based encoder of earlier releases wrote them, so the text is the same byte for byte (see the golden file
 * test). Databind's reflection over a record cost most of the producer's encoding time. Stateless.
 */
final class JobJsonWriter {
    private JobJsonWriter() {}

    static String write(JsonFactory json, Job job) {
        // What databind's writeValueAsString writes to: segments recycled by the factory, joined once at the end. The
        // recycler is taken from the factory's pool and must go back to it, as databind does: else the pool stays
        // empty and every job allocates a new recycler and its buffers (a visible share of the producer's CPU).
        BufferRecycler recycler = json._getBufferRecycler();
        try {
            SegmentedStringWriter out = new SegmentedStringWriter(recycler);
            try (JsonGenerator g = json.createGenerator(out)) {
                writeJob(g, job);
            }
            return out.getAndClear();
        } catch (IOException e) { // writing to memory does not fail; Jackson declares it anyway
            throw new IllegalStateException("cannot encode job " + job.id(), e);
        } finally {
            recycler.releaseToPool();
        }
    }

    private static void writeJob(JsonGenerator g, Job job) throws IOException {
        g.writeStartObject();
        g.writeNumberField(V, JobCodec.VERSION);
        g.writeStringField(ID, job.id().value());
        g.writeStringField(URL, job.url().toString());
        writeHeaders(g, job.headers());
        g.writeStringField(CONTENT_TYPE, job.contentType());
        writePayload(g, job.payload());
        if (job.retrySchedule().isPresent()) {
            writeRetry(g, job.retrySchedule().get().delays());
        }
        if (job.idempotencyKey().isPresent()) {
            g.writeStringField(IDEM, job.idempotencyKey().get());
        }
        if (!job.signingSecrets().isEmpty()) {
            writeSecrets(g, job.signingSecrets());
        }
        if (job.origin().isPresent()) {
            writeOrigin(g, job.origin().get());
        }
        if (job.trace().isPresent()) {
            writeTrace(g, job.trace().get());
        }
        g.writeNumberField(CREATED, job.createdAt().toEpochMilli());
        g.writeEndObject();
    }

    private static void writeHeaders(JsonGenerator g, Map<String, String> headers) throws IOException {
        g.writeObjectFieldStart(HEADERS);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            g.writeStringField(h.getKey(), h.getValue());
        }
        g.writeEndObject();
    }

    /** Valid UTF-8 is stored as text, readable in Redis; anything else as base64. */
    private static void writePayload(JsonGenerator g, byte[] payload) throws IOException {
        String text = utf8OrNull(payload);
        if (text != null) {
            g.writeStringField(BODY, text);
        } else {
            g.writeStringField(BODY64, Base64.getEncoder().encodeToString(payload));
        }
    }

    private static void writeRetry(JsonGenerator g, List<Duration> delays) throws IOException {
        g.writeArrayFieldStart(RETRY);
        for (Duration d : delays) {
            g.writeNumber(d.toMillis());
        }
        g.writeEndArray();
    }

    private static void writeSecrets(JsonGenerator g, List<SigningSecret> secrets) throws IOException {
        g.writeArrayFieldStart(SECRETS);
        for (SigningSecret s : secrets) {
            g.writeString(s.encoded());
        }
        g.writeEndArray();
    }

    private static void writeOrigin(JsonGenerator g, EventOrigin origin) throws IOException {
        g.writeObjectFieldStart(EVENT);
        g.writeStringField(EVENT_ID, origin.eventId());
        g.writeStringField(EVENT_ENDPOINT, origin.endpointId());
        g.writeStringField(EVENT_TENANT, origin.tenant());
        g.writeStringField(EVENT_TYPE, origin.eventType());
        g.writeEndObject();
    }

    private static void writeTrace(JsonGenerator g, TraceContext trace) throws IOException {
        g.writeObjectFieldStart(TRACE);
        g.writeStringField(TRACE_PARENT, trace.traceparent());
        if (trace.tracestate().isPresent()) {
            g.writeStringField(TRACE_STATE, trace.tracestate().get());
        }
        g.writeEndObject();
    }

    /**
     * The payload as text when it is valid UTF-8, else null. Most payloads are JSON in plain ASCII: a loop over the
     * bytes proves that far faster than a decoder, and ASCII is valid UTF-8. Only the rest goes through the strict
     * decoder (REPORT, not the lenient {@code new String}, which would silently replace malformed bytes).
     */
    static String utf8OrNull(byte[] bytes) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII is a subset: a plain byte copy
        }
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

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) { // 0x80 and above, as a signed byte
                return false;
            }
        }
        return true;
    }
}
