package io.hookshot.producer;

import io.hookshot.common.Durations;
import io.hookshot.common.TraceContext;
import io.hookshot.common.signing.InvalidSigningSecretException;
import io.hookshot.common.signing.SigningSecret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The producer's rules for a {@link Message}, all in one place. Every broken rule is an
 * {@link InvalidMessageException} naming the field and the problem. Thread-safe (immutable).
 */
final class MessageValidator {
    /** RFC 7230 token characters. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /**
     * Headers the worker sets itself (the W3C trace context: from the trace the message is sent in), or that belong to
     * the connection rather than the message.
     */
    private static final Set<String> RESERVED = Set.of(
            TraceContext.TRACEPARENT,
            TraceContext.TRACESTATE,
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "upgrade");

    private static final String RESERVED_LIST = "webhook-*, content-type, "
            + String.join(", ", RESERVED.stream().sorted().toList());
    private static final String WEBHOOK_PREFIX = "webhook-";
    private static final String SIGNING_SECRET = "signingSecret";

    private final int maxPayloadBytes;
    private final Clock clock;

    MessageValidator(int maxPayloadBytes, Clock clock) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.clock = clock;
    }

    /**
     * Checks every message before any is sent; in a batch of several, the exception says which message broke a rule
     * (a message alone is told only what is wrong with it). Returns their URLs, parsed, in the order of
     * {@code messages}.
     */
    List<URI> validateAll(List<Message> messages) {
        int size = messages.size();
        List<URI> urls = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Message m = messages.get(i);
            if (m == null) {
                throw new InvalidMessageException(
                        "message",
                        size == 1 ? "message is null" : "message " + i + " of a batch of " + size + " is null");
            }
            try {
                urls.add(validate(m));
            } catch (InvalidMessageException e) {
                throw size == 1 ? e : e.inBatch(i, size, m.id().value());
            }
        }
        return urls;
    }

    /** Checks one message; returns its URL, parsed while checking it, so that the caller need not parse it again. */
    URI validate(Message m) {
        URI url = checkUrl(m.url());
        checkPayload(m.payloadBytes());
        checkHeaderValue("contentType", "content type", m.contentType());
        if (m.contentType().isBlank()) {
            throw new InvalidMessageException("contentType", "content type is blank");
        }
        checkHeaders(m.headerEntries());
        checkTiming(m);
        m.idempotencyKey().ifPresent(MessageValidator::checkIdempotencyKey);
        return url;
    }

    private static URI checkUrl(String url) {
        if (url.length() > Message.MAX_URL_LENGTH) {
            throw invalid("url", "url is " + url.length() + " characters long; the limit is " + Message.MAX_URL_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("url", "url is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
        }
        if (uri.getScheme() == null) {
            throw invalid("url", "url must be absolute, starting with http:// or https://");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("url", "url scheme must be http or https, got '" + uri.getScheme() + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(
                    "url",
                    "url contains credentials (user-info before '@'): credentials in URLs leak into"
                            + " logs; send them in a header");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("url", "url has no host, or its host is not a valid DNS name or IP address");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw invalid("url", "url port must be from 1 to 65535, got " + uri.getPort());
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url", "url has a fragment ('#...'), which is never sent to the receiver; remove it");
        }
        return uri;
    }

    private void checkPayload(byte[] payload) {
        if (payload == null) {
            throw invalid("payload", "payload is required: call payload(...) on the builder");
        }
        if (payload.length > maxPayloadBytes) {
            throw invalid(
                    "payload",
                    "payload is " + payload.length + " bytes; the limit is " + maxPayloadBytes + " bytes ("
                            + ProducerConfig.ENV_MAX_PAYLOAD + ")");
        }
    }

    private static void checkHeaders(List<Map.Entry<String, String>> headers) {
        if (headers.size() > Message.MAX_HEADERS) {
            throw invalid("header", "message has " + headers.size() + " headers; the limit is " + Message.MAX_HEADERS);
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey();
            if (!TOKEN.matcher(name).matches()) {
                throw invalid(
                        "header",
                        "header name '" + printable(name) + "' is not a valid HTTP header name"
                                + " (RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~, no spaces or ':')");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type")) {
                throw invalid("header", "header '" + name + "' is reserved: set it with contentType(...) instead");
            }
            if (lower.startsWith(WEBHOOK_PREFIX) || RESERVED.contains(lower)) {
                throw invalid(
                        "header",
                        "header '" + name + "' is reserved: the worker sets it, or it belongs to"
                                + " the connection (reserved: " + RESERVED_LIST + ")");
            }
            if (!seen.add(lower)) {
                throw invalid("header", "header '" + name + "' is given more than once (names are case-insensitive)");
            }
            checkHeaderValue("header", "header '" + name + "'", h.getValue());
        }
    }

    private static void checkHeaderValue(String field, String what, String value) {
        if (value.length() > Message.MAX_HEADER_VALUE_LENGTH) {
            throw invalid(
                    field,
                    what + " value is " + value.length() + " characters long; the limit is "
                            + Message.MAX_HEADER_VALUE_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw invalid(
                        field,
                        what + " value contains control character " + String.format("0x%02X", (int) c) + " at index "
                                + i + " (CR, LF, NUL and other control characters are not allowed)");
            }
            if (c > 0xFF) {
                throw invalid(
                        field,
                        what + " value contains character U+" + String.format("%04X", (int) c) + " at index " + i
                                + ", outside ISO-8859-1; encode it (for example percent-encoding)");
            }
        }
    }

    private void checkTiming(Message m) {
        if (m.delay().isPresent() && m.dueAt().isPresent()) {
            throw invalid("delay", "message has both a delay and a dueAt: give one of them");
        }
        m.delay().ifPresent(delay -> {
            if (delay.isNegative()) {
                throw invalid("delay", "delay must not be negative, got " + delay);
            }
            if (delay.compareTo(Message.MAX_DELAY) > 0) {
                throw invalid(
                        "delay",
                        "delay is " + Durations.format(delay.truncatedTo(ChronoUnit.MILLIS)) + "; the most is "
                                + Durations.format(Message.MAX_DELAY));
            }
        });
        m.dueAt().ifPresent(dueAt -> {
            Duration ahead = Duration.between(clock.instant(), dueAt);
            if (ahead.compareTo(Message.MAX_DELAY) > 0) {
                throw invalid(
                        "dueAt",
                        "dueAt " + dueAt + " is more than " + Durations.format(Message.MAX_DELAY) + " from now");
            }
        });
    }

    /** Shared with {@link EventValidator}: event keys follow the same rule. */
    static void checkIdempotencyKey(String key) {
        if (key.isEmpty() || key.length() > Message.MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw invalid(
                    "idempotencyKey",
                    "idempotency key must be 1 to " + Message.MAX_IDEMPOTENCY_KEY_LENGTH + " characters, got "
                            + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw invalid(
                        "idempotencyKey",
                        "idempotency key must be printable ASCII without spaces; character " + i + " is U+"
                                + String.format("%04X", (int) c));
            }
        }
    }

    /**
     * Reads a message's signing secrets, when they are given to the builder (so their text is never kept). The
     * exception names the field and the problem, never the secret.
     */
    static List<SigningSecret> signingSecrets(List<String> whsecs) {
        if (whsecs.isEmpty() || whsecs.size() > Message.MAX_SIGNING_SECRETS) {
            throw invalid(
                    SIGNING_SECRET,
                    "a message takes 1 to " + Message.MAX_SIGNING_SECRETS + " signing secrets, got " + whsecs.size());
        }
        List<SigningSecret> secrets = new ArrayList<>();
        for (int i = 0; i < whsecs.size(); i++) {
            String which = whsecs.size() == 1 ? "" : "secret " + (i + 1) + " of " + whsecs.size() + ": ";
            if (whsecs.get(i) == null) {
                throw invalid(SIGNING_SECRET, which + "signing secret is null");
            }
            try {
                secrets.add(SigningSecret.parse(whsecs.get(i)));
            } catch (InvalidSigningSecretException e) {
                throw invalid(SIGNING_SECRET, which + e.getMessage());
            }
        }
        return List.copyOf(secrets);
    }

    /** A header name as safe, printable text (control characters escaped). */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars()
                .forEach(c ->
                        out.append(c < 0x20 || c == 0x7F ? String.format("\\x%02X", c) : String.valueOf((char) c)));
        return out.toString();
    }

    private static InvalidMessageException invalid(String field, String message) {
        return new InvalidMessageException(field, message);
    }
}
