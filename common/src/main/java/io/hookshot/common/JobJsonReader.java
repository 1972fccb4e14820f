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
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.hookshot.common.signing.SigningSecret;
import java.io.IOException;
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

/**
 * Reads codec version 1 with Jackson's streaming parser: the fields are collected as they come (any order, unknown
 * ones skipped, the last of a repeated one wins, as databind did), then checked and turned into a {@link Job} in the
 * order the record-based decoder of earlier releases checked them, so a broken job fails with the same message.
 * One instance reads one job; not thread-safe.
 */
final class JobJsonReader {
    private Long version;
    private String id;
    private String url;
    private Map<String, String> headers;
    private String contentType;
    private String body;
    private String body64;
    private List<Long> retry;
    private String idem;
    private List<String> secrets;
    private Long created;
    private Map<String, String> event;
    private Map<String, String> trace;
    /** The field being read, so that an error inside {@code secrets} does not quote what Jackson saw there. */
    private String field;

    private JobJsonReader() {}

    static Job read(JsonFactory json, String text) {
        JobJsonReader reader = new JobJsonReader();
        try (JsonParser p = json.createParser(text)) {
            reader.readRoot(p);
        } catch (JsonProcessingException e) {
            throw new JobDecodingException("job is not valid JSON: " + reader.safeReason(e), e);
        } catch (IOException e) { // reading a String does no I/O; Jackson declares it anyway
            throw new JobDecodingException("job is not valid JSON: " + e.getMessage(), e);
        }
        return reader.toJob();
    }

    /** Jackson's reason, unless it may quote a piece of a signing secret. */
    private String safeReason(JsonProcessingException e) {
        return SECRETS.equals(field)
                ? "field '" + SECRETS + "' is not a JSON array of strings"
                : e.getOriginalMessage();
    }

    /** A top-level {@code null} reads as a job without a version, as databind read it. */
    private void readRoot(JsonParser p) throws IOException {
        JsonToken start = p.nextToken();
        if (start == JsonToken.VALUE_NULL) {
            return;
        }
        if (start != JsonToken.START_OBJECT) {
            throw new JsonParseException(p, start == null ? "no content" : "a job is a JSON object, not " + start);
        }
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            field = name;
            p.nextToken();
            readField(p, name);
        }
        field = null;
    }

    private void readField(JsonParser p, String name) throws IOException {
        switch (name) {
            case V -> version = wholeNumber(p, name);
            case ID -> id = string(p, name);
            case URL -> url = string(p, name);
            case HEADERS -> headers = stringMap(p, name);
            case CONTENT_TYPE -> contentType = string(p, name);
            case BODY -> body = string(p, name);
            case BODY64 -> body64 = string(p, name);
            case RETRY -> retry = wholeNumbers(p, name);
            case IDEM -> idem = string(p, name);
            case SECRETS -> secrets = strings(p, name);
            case CREATED -> created = wholeNumber(p, name);
            case EVENT -> event = stringMap(p, name);
            case TRACE -> trace = stringMap(p, name);
            default -> p.skipChildren(); // a field of a later minor change: ignored, as before
        }
    }

    private static String string(JsonParser p, String name) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw wrongType(p, name, "a string");
        };
    }

    private static Long wholeNumber(JsonParser p, String name) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NULL -> null;
            default -> throw wrongType(p, name, "a whole number");
        };
    }

    private static Map<String, String> stringMap(JsonParser p, String name) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw wrongType(p, name, "an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw wrongType(p, name, "an object of strings");
            }
            map.put(key, p.getText());
        }
        return map;
    }

    private static List<String> strings(JsonParser p, String name) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(p, name, "an array of strings");
        }
        List<String> list = new ArrayList<>(2);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw wrongType(p, name, "an array of strings");
            }
            list.add(p.getText());
        }
        return list;
    }

    private static List<Long> wholeNumbers(JsonParser p, String name) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw wrongType(p, name, "an array of whole numbers");
        }
        List<Long> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType(p, name, "an array of whole numbers");
            }
            list.add(p.getLongValue());
        }
        return list;
    }

    /** Names the field and the expected type, never the value found (it may be a secret). */
    private static JsonParseException wrongType(JsonParser p, String name, String expected) {
        return new JsonParseException(p, "field '" + name + "' must be " + expected);
    }

    /** The checks of the record-based decoder, in its order: version, body, then the job's fields. */
    private Job toJob() {
        if (version == null || version != JobCodec.VERSION) {
            throw new JobDecodingException(
                    "job has codec version " + version + "; this worker reads version " + JobCodec.VERSION, null);
        }
        try {
            byte[] payload = body != null
                    ? body.getBytes(StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(required(body64, BODY));
            return new Job(
                    new MessageId(required(id, ID)),
                    new URI(required(url, URL)),
                    headers == null ? Map.of() : headers,
                    payload,
                    contentType == null ? Job.DEFAULT_CONTENT_TYPE : contentType,
                    Optional.ofNullable(retry).map(JobJsonReader::schedule),
                    Optional.ofNullable(idem),
                    signingSecrets(),
                    Instant.ofEpochMilli(required(created, CREATED)),
                    origin(),
                    trace());
        } catch (Exception e) {
            throw new JobDecodingException("job is malformed: " + e.getMessage(), e);
        }
    }

    /** A fan-out message's origin: every field of {@code event} is required when it is there. */
    private Optional<EventOrigin> origin() {
        if (event == null) {
            return Optional.empty();
        }
        return Optional.of(new EventOrigin(
                required(event.get(EVENT_ID), EVENT + "." + EVENT_ID),
                required(event.get(EVENT_ENDPOINT), EVENT + "." + EVENT_ENDPOINT),
                required(event.get(EVENT_TENANT), EVENT + "." + EVENT_TENANT),
                required(event.get(EVENT_TYPE), EVENT + "." + EVENT_TYPE)));
    }

    /** The trace context it was sent in: {@code traceparent} is required when {@code trace} is there. */
    private Optional<TraceContext> trace() {
        if (trace == null) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(
                required(trace.get(TRACE_PARENT), TRACE + "." + TRACE_PARENT),
                Optional.ofNullable(trace.get(TRACE_STATE))));
    }

    private static RetrySchedule schedule(List<Long> millis) {
        List<Duration> delays = new ArrayList<>(millis.size());
        for (long ms : millis) {
            delays.add(Duration.ofMillis(ms));
        }
        return new RetrySchedule(delays);
    }

    /** {@link SigningSecret#parse} never repeats the secret in its exception. */
    private List<SigningSecret> signingSecrets() {
        if (secrets == null) {
            return List.of();
        }
        List<SigningSecret> parsed = new ArrayList<>(secrets.size());
        for (String s : secrets) {
            parsed.add(SigningSecret.parse(s));
        }
        return parsed;
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }
}
