package io.hookshot.common.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.hookshot.common.TraceContext;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The versioned JSON form of a {@link PublishedEvent}, as it waits in an events stream and as the outbox hands it to
 * the history. Jackson's streaming API, as the job codec. Thread-safe.
 *
 * <p>Version 1: {@code {"v":1,"id","tenant","type","channels":[...],"idem","trace":{"traceparent","tracestate"},
 * "created","payload"}}; {@code payload} is the event's JSON as a string, {@code created} epoch milliseconds.
 * {@code channels}, {@code idem} and {@code trace} (the {@link TraceContext} it was published in) are left out when
 * empty. Unknown fields are ignored, so a later minor change may add some.
 */
public final class EventCodec {
    /** The version this codec writes; it reads only this version. */
    public static final int VERSION = 1;

    private static final String V = "v";
    private static final String ID = "id";
    private static final String TENANT = "tenant";
    private static final String TYPE = "type";
    private static final String CHANNELS = "channels";
    private static final String IDEM = "idem";
    private static final String TRACE = "trace";
    private static final String CREATED = "created";
    private static final String PAYLOAD = "payload";

    /** No limit on string length: the largest payload a producer may be configured for is 64 MiB. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private EventCodec() {}

    public static String encode(PublishedEvent event) {
        StringWriter out = new StringWriter(event.payload().length() + 200);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField(V, VERSION);
            g.writeStringField(ID, event.id().value());
            g.writeStringField(TENANT, event.tenant().value());
            g.writeStringField(TYPE, event.type().value());
            if (!event.channels().isEmpty()) {
                g.writeArrayFieldStart(CHANNELS);
                for (String channel : event.channels()) {
                    g.writeString(channel);
                }
                g.writeEndArray();
            }
            if (event.idempotencyKey().isPresent()) {
                g.writeStringField(IDEM, event.idempotencyKey().get());
            }
            if (event.trace().isPresent()) {
                writeTrace(g, event.trace().get());
            }
            g.writeNumberField(CREATED, event.createdAt().toEpochMilli());
            g.writeStringField(PAYLOAD, event.payload());
            g.writeEndObject();
        } catch (IOException e) { // writing to memory does not fail; Jackson declares it anyway
            throw new IllegalStateException("cannot encode event " + event.id(), e);
        }
        return out.toString();
    }

    private static void writeTrace(JsonGenerator g, TraceContext trace) throws IOException {
        g.writeObjectFieldStart(TRACE);
        g.writeStringField(TraceContext.TRACEPARENT, trace.traceparent());
        if (trace.tracestate().isPresent()) {
            g.writeStringField(TraceContext.TRACESTATE, trace.tracestate().get());
        }
        g.writeEndObject();
    }

    /** Reads a stored event; throws {@link IllegalArgumentException} naming what is wrong (never the payload). */
    public static PublishedEvent decode(String json) {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("an event is a JSON object");
            }
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                f.read(p, name);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("event is not valid JSON: " + e.getMessage(), e);
        }
        return f.toEvent();
    }

    /** The fields of one event as they are read; not thread-safe. */
    private static final class Fields {
        private Long version;
        private String id;
        private String tenant;
        private String type;
        private List<String> channels = List.of();
        private String idem;
        private String traceparent;
        private String tracestate;
        private Long created;
        private String payload;

        void read(JsonParser p, String name) throws IOException {
            switch (name) {
                case V -> version = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                case ID -> id = text(p, name);
                case TENANT -> tenant = text(p, name);
                case TYPE -> type = text(p, name);
                case CHANNELS -> channels = strings(p);
                case IDEM -> idem = text(p, name);
                case TRACE -> readTrace(p);
                case CREATED -> created = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                case PAYLOAD -> payload = text(p, name);
                default -> p.skipChildren();
            }
        }

        PublishedEvent toEvent() {
            if (version == null || version != VERSION) {
                throw new IllegalArgumentException(
                        "event has codec version " + version + "; this worker reads" + " version " + VERSION);
            }
            return new PublishedEvent(
                    new EventId(required(id, ID)),
                    new TenantId(required(tenant, TENANT)),
                    new EventTypeName(required(type, TYPE)),
                    required(payload, PAYLOAD),
                    channels,
                    Optional.ofNullable(idem),
                    Instant.ofEpochMilli(required(created, CREATED)),
                    Optional.ofNullable(traceparent).map(tp -> new TraceContext(tp, Optional.ofNullable(tracestate))));
        }

        /** {@code trace}: an object of strings, of which only the W3C fields are kept. */
        private void readTrace(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("field '" + TRACE + "' must be an object of strings");
            }
            for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                p.nextToken();
                String value = text(p, TRACE + "." + key);
                if (key.equals(TraceContext.TRACEPARENT)) {
                    traceparent = value;
                } else if (key.equals(TraceContext.TRACESTATE)) {
                    tracestate = value;
                }
            }
        }

        private static String text(JsonParser p, String name) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("field '" + name + "' must be a string");
            }
            return p.getText();
        }

        private static List<String> strings(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("field '" + CHANNELS + "' must be an array of strings");
            }
            List<String> list = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("field '" + CHANNELS + "' must be an array of strings");
                }
                list.add(p.getText());
            }
            return list;
        }

        private static <T> T required(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("field '" + name + "' is missing");
            }
            return value;
        }
    }
}
