package io.hookshot.producer;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import io.hookshot.common.Job;
import io.hookshot.common.MessageId;
import io.hookshot.common.RetrySchedule;
import io.hookshot.common.signing.SigningSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One webhook to send: where to, what body, which extra headers, when, and how to retry. Made with
 * {@link #builder(String)}; checked against the rules when it is sent (see {@link HookshotProducer#send}).
 *
 * <p>The id is fixed when the message is built (a time-ordered {@code msg_<uuidv7>} unless one is given), so sending
 * the same {@code Message} again after an error enqueues it at most once.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the payload, header values or signing secrets.
 */
public final class Message {
    /** The longest URL a message may have, in characters. */
    public static final int MAX_URL_LENGTH = 2048;
    /** The longest {@link Builder#delay} a message may have; {@link Builder#dueAt} may be at most this far ahead. */
    public static final Duration MAX_DELAY = Duration.ofDays(90);
    /** The most extra headers a message may have. */
    public static final int MAX_HEADERS = 64;
    /** The longest header value (and content type), in characters. */
    public static final int MAX_HEADER_VALUE_LENGTH = 8192;
    /** The longest idempotency key, in characters (printable ASCII, no spaces). */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;
    /** The most signing secrets a message may have (two while a secret is rotated). */
    public static final int MAX_SIGNING_SECRETS = 4;

    private static final NoArgGenerator IDS = Generators.timeBasedEpochGenerator();
    private static final HexFormat HEX = HexFormat.of(); // lower case, as UUID.toString() writes it

    private final MessageId id;
    private final String url;
    private final byte[] payload;
    private final String contentType;
    private final List<Map.Entry<String, String>> headers;
    private final Optional<Duration> delay;
    private final Optional<Instant> dueAt;
    private final Optional<RetrySchedule> retrySchedule;
    private final Optional<String> idempotencyKey;
    private final List<SigningSecret> signingSecrets;

    private Message(Builder b) {
        this.id = b.id != null ? b.id : newId();
        this.url = b.url;
        this.payload = b.payload;
        this.contentType = b.contentType;
        this.headers = List.copyOf(b.headers);
        this.delay = Optional.ofNullable(b.delay);
        this.dueAt = Optional.ofNullable(b.dueAt);
        this.retrySchedule = Optional.ofNullable(b.retrySchedule);
        this.idempotencyKey = Optional.ofNullable(b.idempotencyKey);
        this.signingSecrets = b.signingSecrets;
    }

    /** Starts a message to {@code url}, an absolute http(s) URL. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The id it is stored under and sent with as {@code webhook-id}; the same for every attempt. */
    public MessageId id() {
        return id;
    }

    /** The target URL as given; it is checked when the message is sent. */
    public String url() {
        return url;
    }

    /** A copy of the request body, or null when none was given (such a message is rejected when sent). */
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    /** The request's {@code Content-Type}. */
    public String contentType() {
        return contentType;
    }

    /** The extra request headers, in the order they were added. */
    public Map<String, String> headers() {
        Map<String, String> map = new LinkedHashMap<>();
        headers.forEach(h -> map.putIfAbsent(h.getKey(), h.getValue()));
        return Collections.unmodifiableMap(map);
    }

    /** Delay counted from when Redis accepts the message (its clock); empty means none. */
    public Optional<Duration> delay() {
        return delay;
    }

    /** Absolute due time; empty means none. A due time in the past means now. */
    public Optional<Instant> dueAt() {
        return dueAt;
    }

    /** This message's own retry schedule; empty means the worker's default. */
    public Optional<RetrySchedule> retrySchedule() {
        return retrySchedule;
    }

    /** The key that makes a second send to the same endpoint within the window return this message's id. */
    public Optional<String> idempotencyKey() {
        return idempotencyKey;
    }

    /** The secrets the request is signed with, in order; empty means the worker's default (or none). */
    public List<SigningSecret> signingSecrets() {
        return signingSecrets;
    }

    /** Every header as added, duplicates included, for the validator. */
    List<Map.Entry<String, String>> headerEntries() {
        return headers;
    }

    /** The payload without copying; callers must not change it. */
    byte[] payloadBytes() {
        return payload;
    }

    @Override
    public String toString() {
        return "Message[id=" + id + ", url=" + url + ", payload="
                + (payload == null ? "none" : payload.length + " bytes") + "]";
    }

    private static MessageId newId() {
        // The UUID's 32 hex digits without its dashes, written directly rather than by editing its toString().
        UUID uuid = IDS.generate();
        return new MessageId("msg_" + HEX.toHexDigits(uuid.getMostSignificantBits())
                + HEX.toHexDigits(uuid.getLeastSignificantBits()));
    }

    /**
     * Collects a message's parts. Setters check only for nulls, except that signing secrets are read at once (so
     * their text is never kept); the other rules are applied when the message is sent. Not thread-safe: use one
     * builder on one thread.
     */
    public static final class Builder {
        private final String url;
        private byte[] payload;
        private String contentType = Job.DEFAULT_CONTENT_TYPE;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private Duration delay;
        private Instant dueAt;
        private RetrySchedule retrySchedule;
        private String idempotencyKey;
        private List<SigningSecret> signingSecrets = List.of();
        private MessageId id;

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /** The body as UTF-8 text, usually JSON. */
        public Builder payload(String json) {
            this.payload = Objects.requireNonNull(json, "payload").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The body as bytes (copied). */
        public Builder payload(byte[] bytes) {
            this.payload = Objects.requireNonNull(bytes, "payload").clone();
            return this;
        }

        /** The body's media type; default {@value Job#DEFAULT_CONTENT_TYPE}. */
        public Builder contentType(String value) {
            this.contentType = Objects.requireNonNull(value, "contentType");
            return this;
        }

        /** Adds a request header. Headers keep their order; a name may appear once. */
        public Builder header(String name, String value) {
            headers.add(Map.entry(
                    Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value")));
            return this;
        }

        /** Deliver no sooner than this long after Redis accepts the message. Exclusive with {@link #dueAt}. */
        public Builder delay(Duration value) {
            this.delay = Objects.requireNonNull(value, "delay");
            return this;
        }

        /** Deliver no sooner than this instant. Exclusive with {@link #delay}. */
        public Builder dueAt(Instant value) {
            this.dueAt = Objects.requireNonNull(value, "dueAt");
            return this;
        }

        /** Its own retry schedule, instead of the worker's {@code HOOKSHOT_RETRY_SCHEDULE}. */
        public Builder retrySchedule(RetrySchedule value) {
            this.retrySchedule = Objects.requireNonNull(value, "retrySchedule");
            return this;
        }

        /**
         * A key under which the queue remembers this message for the producer's idempotency window: sending another
         * message with the same key to the same endpoint (scheme, host and port of the URL) returns this message's id
         * and enqueues nothing. Keys are remembered per queue partition, so a message to another endpoint that shares
         * the partition is deduplicated against it too: make keys unique per endpoint (include the receiver in it).
         */
        public Builder idempotencyKey(String value) {
            this.idempotencyKey = Objects.requireNonNull(value, "idempotencyKey");
            return this;
        }

        /**
         * Signs every request of this message with {@code whsec}, a {@code whsec_<base64>} secret, instead of the
         * worker's default ({@code HOOKSHOT_SIGNING_SECRET}). Throws {@link InvalidMessageException} (field
         * {@code signingSecret}, the secret not repeated) when it is not one.
         */
        public Builder signingSecret(String whsec) {
            return signingSecrets(List.of(Objects.requireNonNull(whsec, "signingSecret")));
        }

        /**
         * Signs every request with each of {@code whsecs}, in order, one {@code v1,...} signature per secret: the old
         * and the new one while the receiver moves to the new. At most {@value Message#MAX_SIGNING_SECRETS}.
         */
        public Builder signingSecrets(List<String> whsecs) {
            this.signingSecrets = MessageValidator.signingSecrets(Objects.requireNonNull(whsecs, "signingSecrets"));
            return this;
        }

        /** Uses this id instead of a generated one. A message whose id the queue holds already is not enqueued. */
        public Builder id(MessageId value) {
            this.id = Objects.requireNonNull(value, "id");
            return this;
        }

        /** The message; its rules are checked when it is sent (see {@link HookshotProducer#send}). */
        public Message build() {
            return new Message(this);
        }
    }
}
