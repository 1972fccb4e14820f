package io.hookshot.producer;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import io.hookshot.common.events.EventId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event to publish to a tenant: its type, its JSON payload, its channels. A worker fans it out into one message
 * per endpoint of the tenant that accepts it (see {@link HookshotProducer#publish}). Made with
 * {@link #builder(String)}; checked against the rules when it is published.
 *
 * <p>The id is fixed when the event is built (a time-ordered {@code evt_<uuidv7>} unless one is given), and the ids of
 * its messages are made from it and each endpoint's id, so publishing the same {@code Event} again after an error
 * sends no endpoint a second message while the first is still known to the queue.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the payload.
 */
public final class Event {
    private static final NoArgGenerator IDS = Generators.timeBasedEpochGenerator();
    private static final HexFormat HEX = HexFormat.of();

    private final EventId id;
    private final String type;
    private final String tenant;
    private final String payload;
    private final List<String> channels;
    private final Optional<String> idempotencyKey;

    private Event(Builder b) {
        this.id = b.id != null ? b.id : newId();
        this.type = b.type;
        this.tenant = b.tenant;
        this.payload = b.payload;
        this.channels = List.copyOf(b.channels);
        this.idempotencyKey = Optional.ofNullable(b.idempotencyKey);
    }

    /** Starts an event of type {@code type} (like {@code invoice.paid}). */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    public EventId id() {
        return id;
    }

    /** The event type as given; it is checked when the event is published. */
    public String type() {
        return type;
    }

    /** The tenant as given, or null when none was (such an event is refused when published). */
    public String tenant() {
        return tenant;
    }

    /** The JSON payload, or null when none was given (such an event is refused when published). */
    public String payload() {
        return payload;
    }

    /** Its channels, in the order added. */
    public List<String> channels() {
        return channels;
    }

    /** The key that makes a second publish to the same tenant within the window return this event's id. */
    public Optional<String> idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public String toString() {
        return "Event[id=" + id + ", type=" + type + ", tenant=" + tenant + ", payload="
                + (payload == null ? "none" : payload.length() + " chars") + "]";
    }

    private static EventId newId() {
        UUID uuid = IDS.generate();
        return new EventId(EventId.PREFIX
                + HEX.toHexDigits(uuid.getMostSignificantBits())
                + HEX.toHexDigits(uuid.getLeastSignificantBits()));
    }

    /**
     * Collects an event's parts. Setters check only for nulls; the rules are applied when the event is published.
     * Not thread-safe: use one builder on one thread.
     */
    public static final class Builder {
        private final String type;
        private String tenant;
        private String payload;
        private final List<String> channels = new ArrayList<>();
        private String idempotencyKey;
        private EventId id;

        private Builder(String type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        /** The tenant (the user's customer, like {@code acme}) whose endpoints receive it. Required. */
        public Builder tenant(String value) {
            this.tenant = Objects.requireNonNull(value, "tenant");
            return this;
        }

        /** The JSON body each of its messages carries. Required. */
        public Builder payload(String json) {
            this.payload = Objects.requireNonNull(json, "payload");
            return this;
        }

        /** Adds channels: an endpoint limited to channels receives the event only when it shares one. */
        public Builder channels(Collection<String> values) {
            Objects.requireNonNull(values, "channels").forEach(this::channel);
            return this;
        }

        /** Adds channels, like {@link #channels(Collection)}. */
        public Builder channels(String... values) {
            return channels(List.of(values));
        }

        /** Adds one channel. */
        public Builder channel(String value) {
            channels.add(Objects.requireNonNull(value, "channel"));
            return this;
        }

        /**
         * A key under which the queue remembers this event for the producer's idempotency window: publishing another
         * event with the same key to the same tenant returns this event's id and publishes nothing.
         */
        public Builder idempotencyKey(String value) {
            this.idempotencyKey = Objects.requireNonNull(value, "idempotencyKey");
            return this;
        }

        /** Uses this id instead of a generated one. */
        public Builder id(EventId value) {
            this.id = Objects.requireNonNull(value, "id");
            return this;
        }

        /** The event; its rules are checked when it is published (see {@link HookshotProducer#publish}). */
        public Event build() {
            return new Event(this);
        }
    }
}
