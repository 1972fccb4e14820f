package io.hookshot.common.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookshot.common.signing.SigningSecret;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON of a {@link MirroredEndpoint} in the Redis mirror:
 * <pre>{"id":"ep_..","tenant":"acme","url":"https://..","eventTypes":[..],"channels":[..],"headers":{..},
 * "secrets":[{"secret":"whsec_..","expiresAt":1764806400000}],"rateLimit":50,"disabled":false}</pre>
 * {@code expiresAt} (epoch ms) and {@code rateLimit} are left out when absent; unknown fields are skipped, so a
 * newer registry may add some. Stateless and thread-safe.
 */
public final class EndpointMirrorCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private EndpointMirrorCodec() {}

    public static String encode(MirroredEndpoint e) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", e.id().value());
            g.writeStringField("tenant", e.tenant().value());
            g.writeStringField("url", e.url().toString());
            writeStrings(g, "eventTypes", e.eventTypes());
            writeStrings(g, "channels", e.channels());
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("secrets");
            for (MirroredSecret s : e.secrets()) {
                g.writeStartObject();
                g.writeStringField("secret", s.secret().encoded());
                if (s.expiresAt().isPresent()) {
                    g.writeNumberField("expiresAt", s.expiresAt().get().toEpochMilli());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (e.rateLimit().isPresent()) {
                g.writeNumberField("rateLimit", e.rateLimit().get());
            }
            g.writeBooleanField("disabled", e.disabled());
            g.writeEndObject();
        } catch (IOException ex) { // writing to memory does not fail; Jackson declares it anyway
            throw new IllegalStateException("cannot encode endpoint " + e.id(), ex);
        }
        return out.toString();
    }

    /** Throws {@link IllegalArgumentException} naming what is wrong when {@code json} is not a mirrored endpoint. */
    public static MirroredEndpoint decode(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a mirrored endpoint: " + e.getMessage(), e);
        }
    }

    private static MirroredEndpoint read(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        String id = null;
        String tenant = null;
        String url = null;
        Set<String> eventTypes = Set.of();
        Set<String> channels = Set.of();
        Map<String, String> headers = new LinkedHashMap<>();
        List<MirroredSecret> secrets = new ArrayList<>();
        Optional<Integer> rateLimit = Optional.empty();
        boolean disabled = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString();
                case "tenant" -> tenant = p.getValueAsString();
                case "url" -> url = p.getValueAsString();
                case "eventTypes" -> eventTypes = readStrings(p, value);
                case "channels" -> channels = readStrings(p, value);
                case "headers" -> readHeaders(p, value, headers);
                case "secrets" -> readSecrets(p, value, secrets);
                case "rateLimit" -> rateLimit = Optional.of(p.getIntValue());
                case "disabled" -> disabled = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        if (id == null || tenant == null || url == null) {
            throw new IllegalArgumentException("id, tenant and url are required");
        }
        return new MirroredEndpoint(
                new EndpointId(id),
                new TenantId(tenant),
                URI.create(url),
                eventTypes,
                channels,
                headers,
                secrets,
                rateLimit,
                disabled);
    }

    private static void writeStrings(JsonGenerator g, String field, Set<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values.stream().sorted().toList()) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static Set<String> readStrings(JsonParser p, JsonToken start) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        Set<String> values = new LinkedHashSet<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            values.add(p.getText());
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return values;
    }

    private static void readHeaders(JsonParser p, JsonToken start, Map<String, String> into) throws IOException {
        expect(start, JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expect(p.nextToken(), JsonToken.VALUE_STRING);
            into.put(name, p.getText());
        }
    }

    private static void readSecrets(JsonParser p, JsonToken start, List<MirroredSecret> into) throws IOException {
        expect(start, JsonToken.START_ARRAY);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String secret = null;
            Optional<Instant> expiresAt = Optional.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "secret" -> secret = p.getValueAsString();
                    case "expiresAt" -> expiresAt = Optional.of(Instant.ofEpochMilli(p.getLongValue()));
                    default -> p.skipChildren();
                }
            }
            if (secret == null) {
                throw new IllegalArgumentException("a secret without its 'secret' field");
            }
            into.add(new MirroredSecret(SigningSecret.parse(secret), expiresAt));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual);
        }
    }
}
